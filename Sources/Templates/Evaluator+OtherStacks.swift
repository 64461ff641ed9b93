import PrivateLinkModel

extension Evaluator {
    /// `Fn::ImportValue Name`: the export's value when the caller read it with the deployed stacks, else unknown
    /// naming the export.
    mutating func importValue(_ argument: TemplateNode) throws -> DesiredValue {
        let exportName = try requiredValue(argument, in: "Fn::ImportValue")
        switch exportName.value {
        case .list, .object:
            throw TemplateError.invalidArguments(
                function: "Fn::ImportValue", expected: "an export name", at: exportName.location)
        case .known, .reference, .text, .unknown:
            break
        }
        guard let name = exportName.value.jsonValue?.scalarText else {
            let why = exportName.value.unknownReason ?? "it depends on a resource of this stack"
            return .unknown(reason: "Fn::ImportValue of an export whose name is not known offline (\(why))")
        }
        if let value = context.exports[name] { return .known(.string(value)) }
        if context.exports.isEmpty {
            return .unknown(
                reason: "Fn::ImportValue \(name) is the export of another stack, known only to CloudFormation")
        }
        return .unknown(
            reason: "Fn::ImportValue \(name): no export \(name) among the \(context.exports.count) exports read")
    }

    /// `Fn::GetStackOutput {StackName, OutputName, RoleArn?, Region?}`: another stack's output, read at deploy time.
    mutating func stackOutput(_ argument: TemplateNode, at location: TemplateLocation) throws -> DesiredValue {
        let expected = "{StackName, OutputName, RoleArn?, Region?}"
        guard argument.entries != nil, let stackNode = argument["StackName"]?.value,
            let outputNode = argument["OutputName"]?.value
        else {
            throw TemplateError.invalidArguments(
                function: "Fn::GetStackOutput", expected: expected, at: argument.location)
        }
        let stack =
            try requiredValue(stackNode, in: "Fn::GetStackOutput").value.jsonValue?.scalarText
            ?? "a stack not known offline"
        let output =
            try requiredValue(outputNode, in: "Fn::GetStackOutput").value.jsonValue?.scalarText
            ?? "an output not known offline"
        return .unknown(reason: "Fn::GetStackOutput reads output \(output) of stack \(stack) at deploy time")
    }
}
