/// What went wrong while collecting: the one error type of the Collector module.
public enum CollectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A response value could not be read as the type its shape says (e.g. `<fromPort>x</fromPort>`).
    case malformedValue(operation: String, path: String, type: String, text: String)
    /// A query-protocol response lacks its `<Action>Result` element.
    case missingResultElement(operation: String, element: String)
    /// A shape name that the generated model does not contain (a generator bug).
    case unknownShape(service: String, shape: String)

    public var description: String {
        switch self {
        case let .malformedValue(operation, path, type, text):
            "\(operation) response: \(path) is not a valid \(type): \"\(text)\""
        case let .missingResultElement(operation, element):
            "\(operation) response has no <\(element)> element"
        case let .unknownShape(service, shape):
            "the \(service) shape model has no shape named \(shape)"
        }
    }
}
