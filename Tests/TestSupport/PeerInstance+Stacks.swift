import Foundation

extension PeerInstance {
    /// Creates the CloudFormation stack `name` in `account`/`region` on this peer from a template file, the way
    /// `aws cloudformation create-stack` does, and returns its `StackId`. moto creates every resource before it
    /// answers, so the stack is `CREATE_COMPLETE` on return (the peer extension adds the endpoint service and
    /// permissions types, see scripts/peer_ext/README.md).
    ///
    /// - Parameters:
    ///   - parametersFile: a parameters file in either shape plinv reads (`[{"ParameterKey", "ParameterValue"}]`
    ///     or `{"Key": "value" | ["list", "items"]}`), e.g. `examples/templates/provider-parameters.json`.
    ///   - parameters: values that override or add to the file's (list values joined with commas), e.g. the ids
    ///     of a VPC and subnets seeded on the peer.
    /// - Throws: `TestSupportError` when the file is unreadable or CloudFormation refuses the stack.
    @discardableResult
    public func createStack(
        name: String, template: URL, parametersFile: URL? = nil, parameters: [String: String] = [:],
        account: String, region: String = "us-east-1"
    ) async throws -> String {
        try await deploy(
            "create-stack", name: name, template: template, parametersFile: parametersFile, parameters: parameters,
            account: account, region: region)
    }

    /// Updates the stack `name` to `template` with these parameters (the same shapes as `createStack`; every
    /// parameter without a default must be given again) and returns its `StackId`. On the peer the update is
    /// complete on return, `LastUpdatedTime` set and the resources that use a changed parameter updated.
    @discardableResult
    public func updateStack(
        name: String, template: URL, parametersFile: URL? = nil, parameters: [String: String] = [:],
        account: String, region: String = "us-east-1"
    ) async throws -> String {
        try await deploy(
            "update-stack", name: name, template: template, parametersFile: parametersFile, parameters: parameters,
            account: account, region: region)
    }

    /// `aws cloudformation <command>` for one stack; returns the `StackId` the CLI printed.
    private func deploy(
        _ command: String, name: String, template: URL, parametersFile: URL?, parameters: [String: String],
        account: String, region: String
    ) async throws -> String {
        var values = try parametersFile.map(Self.readParameters) ?? [:]
        values.merge(parameters) { _, override in override }
        let list = values.keys.sorted().map { ["ParameterKey": $0, "ParameterValue": values[$0] ?? ""] }
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: list, options: [.sortedKeys]), as: UTF8.self)
        var arguments = ["cloudformation", command, "--stack-name", name, "--template-body", "file://\(template.path)"]
        if !list.isEmpty { arguments += ["--parameters", json] }
        let environment = try await environment(account: account, region: region)
        let output = try await awsCLI(arguments, environment: environment)
        guard let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
            let stackId = object["StackId"] as? String
        else {
            throw TestSupportError.undecodableOutput(
                executable: ProcessEnvironment.awsCLI, arguments: arguments, reason: "no StackId",
                output: String(decoding: output, as: UTF8.self))
        }
        return stackId
    }

    /// Deletes the stack `name` (and, on the peer, the resources it created) in `account`/`region`.
    public func deleteStack(name: String, account: String, region: String = "us-east-1") async throws {
        let environment = try await environment(account: account, region: region)
        _ = try await awsCLI(["cloudformation", "delete-stack", "--stack-name", name], environment: environment)
    }

    /// The values of a parameters file in the CLI's list shape or the plain object shape (lists joined with commas).
    static func readParameters(_ file: URL) throws -> [String: String] {
        let data = try Data(contentsOf: file)
        let parsed = try JSONSerialization.jsonObject(with: data)
        func text(_ value: Any) -> String {
            if let list = value as? [Any] { return list.map(text).joined(separator: ",") }
            if let number = value as? NSNumber { return number.stringValue }
            return value as? String ?? "\(value)"
        }
        if let list = parsed as? [[String: Any]] {
            var values: [String: String] = [:]
            for entry in list {
                guard let key = entry["ParameterKey"] as? String else { continue }
                values[key] = entry["ParameterValue"].map(text) ?? ""
            }
            return values
        }
        if let object = parsed as? [String: Any] {
            return object.mapValues(text)
        }
        throw TestSupportError.undecodableOutput(
            executable: "parameters file", arguments: [file.path], reason: "neither a list nor an object",
            output: String(decoding: data, as: UTF8.self))
    }
}
