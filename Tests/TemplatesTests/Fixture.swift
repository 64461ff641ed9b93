import Foundation
import PrivateLinkModel
import Templates

/// Locates fixture files next to the tests and loads them.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The context the article's stack deploys with in the tests.
    static let context = TemplateContext(
        account: "111122223333", region: "eu-west-1", stackName: "endpoint-service",
        availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"])

    static func load(
        _ name: String, parameters: [String: String] = [:], parameterFiles: [String] = [],
        context: TemplateContext = context
    ) throws -> LoadedTemplate {
        try TemplateLoader().load(
            file: url(name), parameters: parameters, parameterFiles: parameterFiles.map(url), context: context)
    }

    /// Loads inline template text named `inline.yaml` (or `.json`).
    static func loadText(
        _ text: String, file: String = "inline.yaml", parameters: [String: String] = [:],
        context: TemplateContext = context
    ) throws -> LoadedTemplate {
        try TemplateLoader().load(text: text, file: file, parameters: parameters, context: context)
    }

    /// The error a load throws, or nil if it loads.
    static func error(_ body: () throws -> LoadedTemplate) -> TemplateError? {
        do {
            _ = try body()
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            return nil
        }
    }
}

extension LoadedTemplate {
    /// The desired value of `path` in resource `logicalId`, for terse assertions.
    func value(_ logicalId: String, _ path: String) -> Located<DesiredValue>? {
        resource(logicalId)?.value(at: path)
    }
}
