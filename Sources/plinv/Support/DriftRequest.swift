import Foundation
import PrivateLinkModel
import Templates

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The desired state of one drift check: template files, deployed stacks stored with the snapshot, or both.
///
/// - Files only: each file with its own parameters, stack name and scope.
/// - Stacks only (`--stacks`): every stored stack (matching the patterns) is compared through its processed
///   template, deployed parameters, exports and physical ids.
/// - Both: the file is the desired state; the stack of the same name in the file's scope supplies the deployed
///   parameters (over the parameters files; explicit `K=V` values still win), the exports and the physical ids
///   ("the template in git vs what runs").
struct DriftRequest: Sendable {
    /// One template file with the stack it is deployed as.
    struct Entry: Sendable, Equatable {
        var file: String
        var parameters: [String: String] = [:]
        var parameterFiles: [String] = []
        var account: String?
        var region: String?
        var stackName: String?
    }

    /// Which stored stacks to compare.
    struct StackSelection: Sendable, Equatable {
        /// Glob patterns on the stack name (`endpoint-*`); empty selects every stack.
        var patterns: [String] = []
        /// Only stacks in this scope; nil takes every scope.
        var scope: Scope?

        /// Whether a stack name matches the patterns.
        func selects(_ name: String) -> Bool {
            patterns.isEmpty || patterns.contains { fnmatch($0, name, 0) == 0 }
        }
    }

    var entries: [Entry]
    /// Where templates without their own account/region are deployed.
    var defaultScope: Scope?
    /// Whether (and which) deployed stacks stored with the snapshot supply the desired state; nil uses none.
    var stacks: StackSelection?

    /// Throws when a template or parameters file the request names cannot be read: what a nightly job checks before
    /// it collects, so that a wrong path costs seconds, not a collect whose report is never written.
    func checkFilesReadable() throws {
        for entry in entries {
            for file in [entry.file] + entry.parameterFiles {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
                    FileManager.default.isReadableFile(atPath: file)
                else {
                    throw TemplateError.unreadable(
                        file: file, reason: "no readable file there (named in the configuration's templates)")
                }
            }
        }
    }

    /// Loads every template; the first error in a file (with file, line and column) stops the check. A stored
    /// stack whose template cannot be read is named as not evaluated, not an error for the whole check.
    func load(against snapshot: Snapshot) throws -> [LoadedTemplate] {
        if stacks != nil, snapshot.stackScopes.isEmpty { throw CommandError.stacksNotCollected(snapshot: snapshot.id) }
        var templates = try entries.map { try loadFile($0, snapshot: snapshot) }
        if let stacks, entries.isEmpty {
            templates += snapshot.stacks
                .filter { stacks.selects($0.name) && (stacks.scope == nil || $0.scope == stacks.scope) }
                .map { Self.loadStack($0, exports: snapshot.exports(in: $0.scope)) }
        }
        return templates
    }

    /// A template file, bound to its deployed stack when stacks are in use and the stack is stored.
    private func loadFile(_ entry: Entry, snapshot: Snapshot) throws -> LoadedTemplate {
        let scope =
            entry.account.flatMap { account in entry.region.map { Scope(account: account, region: $0) } }
            ?? defaultScope
        let deployed =
            stacks == nil
            ? nil
            : scope.flatMap { scope in
                entry.stackName.flatMap { name in snapshot.stacks(in: scope).first { $0.name == name } }
            }
        var parameters = deployed?.parameters ?? [:]
        parameters.merge(entry.parameters) { _, explicit in explicit }
        let context = TemplateContext(
            account: scope?.account, region: scope?.region, stackName: entry.stackName,
            exports: scope.map(snapshot.exports(in:)) ?? [:])
        var template = try TemplateLoader().load(
            file: URL(fileURLWithPath: entry.file), parameters: parameters,
            parameterFiles: entry.parameterFiles.map { URL(fileURLWithPath: $0) }, context: context)
        if let deployed { template.physicalIds = Self.physicalIds(of: deployed) }
        return template
    }

    /// The processed template of a stored stack, with its deployed parameters, its scope's exports and its
    /// physical ids; a template plinv cannot read is one not-evaluated part naming the stack and the error.
    static func loadStack(_ stack: DeployedStack, exports: [String: String]) -> LoadedTemplate {
        let file = sourceName(of: stack)
        let context = TemplateContext(
            account: stack.scope.account, region: stack.scope.region, stackName: stack.name, exports: exports)
        /// An empty template that names, as not evaluated, why the stack's own template is missing.
        func unread(_ reason: String) -> LoadedTemplate {
            var template = LoadedTemplate(file: file, resources: [], stackName: stack.name, scope: stack.scope)
            template.notEvaluated = [
                NotEvaluatedPart(
                    logicalId: nil, reason: "the processed template of stack \(stack.name) \(reason)",
                    location: TemplateLocation(file: file, line: 1, column: 1))
            ]
            return template
        }
        guard let body = stack.templateBody else { return unread("was not read") }
        do {
            var template = try TemplateLoader().load(
                text: body, file: file, parameters: stack.parameters, context: context)
            template.physicalIds = physicalIds(of: stack)
            return template
        } catch {
            return unread("could not be read: \(error)")
        }
    }

    /// How findings name a stored stack's processed template: `stack:ACCOUNT/REGION/NAME`.
    static func sourceName(of stack: DeployedStack) -> String {
        "stack:\(stack.scope.account)/\(stack.scope.region)/\(stack.name)"
    }

    /// Logical id → physical id of the stack's resources that exist.
    static func physicalIds(of stack: DeployedStack) -> [String: String] {
        Dictionary(stack.resources.filter { !$0.isAbsent }.map { ($0.logicalId, $0.physicalId) }) { first, _ in first }
    }
}
