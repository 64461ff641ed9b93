/// A parameter's declared `Type`, reduced to what matters offline: one string or a list of them.
enum ParameterType: Hashable {
    case string
    case number
    case numberList
    case commaDelimitedList
    /// An AWS-specific type such as `AWS::EC2::VPC::Id` (a string).
    case awsSpecific(String)
    /// `List<AWS::EC2::Subnet::Id>` and the like.
    case awsSpecificList(String)
    /// `AWS::SSM::Parameter::Value<…>`: resolved from Parameter Store at deploy time.
    case ssmValue(String)

    init?(_ name: String) {
        switch name {
        case "String": self = .string
        case "Number": self = .number
        case "List<Number>": self = .numberList
        case "CommaDelimitedList", "List<String>": self = .commaDelimitedList
        default:
            if name.hasPrefix("AWS::SSM::Parameter::Value<") && name.hasSuffix(">") {
                self = .ssmValue(name)
            } else if name.hasPrefix("List<AWS::") && name.hasSuffix(">") {
                self = .awsSpecificList(String(name.dropFirst("List<".count).dropLast()))
            } else if name.hasPrefix("AWS::") && !name.contains("<") {
                self = .awsSpecific(name)
            } else {
                return nil
            }
        }
    }

    /// Whether `Ref` to the parameter yields a list of strings.
    var isList: Bool {
        switch self {
        case .numberList, .commaDelimitedList, .awsSpecificList: true
        case .ssmValue(let name): name.contains("<List<") || name.contains("CommaDelimitedList")
        case .string, .number, .awsSpecific: false
        }
    }

    /// Whether each value (or list element) must be a number.
    var isNumeric: Bool { self == .number || self == .numberList }
}
