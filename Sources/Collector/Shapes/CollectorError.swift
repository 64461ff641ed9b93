import AWSQuery

/// What went wrong while collecting: the one error type of the Collector module.
public enum CollectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A response value could not be read as the type its shape says (e.g. `<fromPort>x</fromPort>`).
    case malformedValue(operation: String, path: String, type: String, text: String)
    /// A query-protocol response lacks its `<Action>Result` element.
    case missingResultElement(operation: String, element: String)
    /// A shape name that the generated model does not contain (a generator bug).
    case unknownShape(service: String, shape: String)
    /// Stacks were asked for and a CloudFormation call failed; `permission` is the IAM action it needs and
    /// `denied` says whether AWS refused it for lack of that permission.
    case stackReadFailed(operation: String, permission: String, denied: Bool, reason: String)

    public var description: String {
        switch self {
        case let .malformedValue(operation, path, type, text):
            "\(operation) response: \(path) is not a valid \(type): \"\(text)\""
        case let .missingResultElement(operation, element):
            "\(operation) response has no <\(element)> element"
        case let .unknownShape(service, shape):
            "the \(service) shape model has no shape named \(shape)"
        case let .stackReadFailed(operation, permission, denied, reason):
            denied
                ? "cannot read CloudFormation stacks: missing permission \(permission) (\(operation): \(reason))"
                : "cannot read CloudFormation stacks: \(operation) failed: \(reason)"
        }
    }

    /// AWS error codes that mean the caller lacks the permission.
    static let deniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
        "NotAuthorized", "AuthorizationError",
    ]

    /// The stack-reading error for `error` met while calling `operation` (CloudFormation).
    static func failure(of operation: String, _ error: Error) -> CollectorError {
        if let error = error as? CollectorError { return error }
        let code = (error as? QueryError)?.code ?? ""
        return .stackReadFailed(
            operation: operation, permission: "cloudformation:\(operation)",
            denied: deniedCodes.contains(code) || (error as? QueryError)?.status == 403, reason: "\(error)")
    }
}
