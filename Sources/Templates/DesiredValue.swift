import PrivateLinkModel

/// The value a template asks for, as far as it can be resolved offline.
///
/// Lists and objects keep the position of each element; scalars are `known`. A value that depends on a
/// same-template resource is a `reference` (or a `text` with reference holes); anything else that
/// cannot be resolved offline is `unknown` with a reason, never guessed.
public indirect enum DesiredValue: Sendable, Hashable {
    /// A fully known scalar (string, number, Boolean or null).
    case known(JSONValue)
    /// A list whose elements carry their own positions.
    case list([Located<DesiredValue>])
    /// An object whose members carry their own positions.
    case object([String: Located<DesiredValue>])
    /// `Ref`/`Fn::GetAtt` to a resource of the same template.
    case reference(ResourceReference)
    /// A string built from known text and holes (`Fn::Sub`/`Fn::Join` over a reference or unknown).
    case text([StringPart])
    /// A value that cannot be known offline (`Fn::ImportValue`, `AWS::StackId`, …).
    case unknown(reason: String)
}

extension DesiredValue {
    /// The plain JSON value when everything in it is known; nil if any part is a reference or unknown.
    public var jsonValue: JSONValue? {
        resolved { _ in nil }
    }

    /// Whether the value is fully known offline (no references, no unknowns).
    public var isFullyKnown: Bool { jsonValue != nil }

    /// The first reason found why (part of) the value is unknown; nil if nothing in it is unknown.
    public var unknownReason: String? {
        switch self {
        case .known, .reference: return nil
        case .unknown(let reason): return reason
        case .list(let elements): return elements.lazy.compactMap(\.value.unknownReason).first
        case .object(let members):
            return members.keys.sorted().lazy.compactMap { members[$0]?.value.unknownReason }.first
        case .text(let parts):
            for case .unknown(let reason) in parts { return reason }
            return nil
        }
    }

    /// Every same-template resource this value depends on, in order of appearance.
    public var references: [ResourceReference] {
        switch self {
        case .known, .unknown: return []
        case .reference(let reference): return [reference]
        case .list(let elements): return elements.flatMap(\.value.references)
        case .object(let members): return members.keys.sorted().flatMap { members[$0]?.value.references ?? [] }
        case .text(let parts):
            return parts.compactMap { part in
                if case .reference(let reference) = part { return reference }
                return nil
            }
        }
    }

    /// The single resource this value is exactly a reference to (`!Ref X`, `!GetAtt X.A`), if it is one.
    public var reference: ResourceReference? {
        if case .reference(let reference) = self { return reference }
        return nil
    }

    /// The elements when this is a list.
    public var listElements: [Located<DesiredValue>]? {
        if case .list(let elements) = self { return elements }
        return nil
    }

    /// The members when this is an object.
    public var objectMembers: [String: Located<DesiredValue>]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The JSON value with every reference replaced by `lookup` (e.g. the live ARN of the matched load
    /// balancer); nil if something is unknown or `lookup` cannot resolve a reference.
    ///
    /// A reference inside a string (`.text`) must resolve to a scalar; it is spliced in as text.
    public func resolved(_ lookup: (ResourceReference) -> JSONValue?) -> JSONValue? {
        switch self {
        case .known(let value): return value
        case .unknown: return nil
        case .reference(let reference): return lookup(reference)
        case .list(let elements):
            var values: [JSONValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard let value = element.value.resolved(lookup) else { return nil }
                values.append(value)
            }
            return .array(values)
        case .object(let members):
            var values: [(String, JSONValue)] = []
            values.reserveCapacity(members.count)
            for (key, member) in members {
                guard let value = member.value.resolved(lookup) else { return nil }
                values.append((key, value))
            }
            return JSONObject(uniqueKeysAndValues: values).map(JSONValue.object)  // a dictionary's keys differ
        case .text(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .literal(let literal): text += literal
                case .unknown: return nil
                case .reference(let reference):
                    guard let value = lookup(reference), let scalar = value.scalarText else { return nil }
                    text += scalar
                }
            }
            return .string(text)
        }
    }
}
