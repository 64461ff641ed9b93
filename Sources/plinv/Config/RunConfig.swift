import Drift
import Foundation
import Yams

/// The nightly job's configuration file (`plinv run --config plinv.yaml`).
struct RunConfig: Sendable, Equatable {
    /// One template the drift check compares against, with the stack it is deployed as.
    struct TemplateEntry: Sendable, Equatable {
        var file: String
        var account: String?
        var region: String?
        var stackName: String?
        var parameters: [String: String] = [:]
        var parametersFile: String?
    }

    var database: String?
    var profiles: [String] = []
    var roleArns: [String] = []
    var externalId: String?
    /// `accounts.organization`: read every active account of the caller's organisation (`collect --organization`).
    var organization = false
    /// `accounts.orgRoleName`: the role assumed in each organisation account.
    var orgRoleName: String?
    /// `accounts.orgUnits`: only accounts under these OU/root ids and their sub-units.
    var orgUnits: [String] = []
    var regions: [String] = []
    var allRegions = false
    var endpointURL: String?
    var concurrency: Int?
    var trustedAccounts: [String] = []
    /// `trusted: organization`: the audit also trusts every active account of the collected organisation.
    var trustsOrganization = false
    var templates: [TemplateEntry] = []
    /// Where drift's desired state comes from: the template files, the deployed stacks, or both.
    var desired: DesiredSource = .templates
    /// With stacks: glob patterns on the stack names to read and compare (empty: every stack).
    var stackNames: [String] = []
    var reportDirectory = "reports"
    var formats: [String] = ["md", "html", "json"]
    /// The Markdown size budget (`reports.markdownBudget`: github, jira or a number of characters).
    var markdownBudget: MarkdownBudget?
    var keepDays: Int?
    var failOn: String?
    /// The lowest severity of a *new* problem that makes the exit code 2 (`failOnNew`).
    var failOnNew: String?
    /// The accepted-risks file (`suppressions`), relative to the configuration file.
    var suppressions: String?
    /// The report's name in the database's memory (`name`); the configuration's path when absent.
    var name: String?
    var label: String?

    /// The directory relative paths in the file are resolved against: the file's own directory, as given.
    var baseDirectory = "."

    /// Resolves a path from the file against the file's own directory, lexically, so that a relative
    /// configuration path gives relative paths in reports (`examples/templates/provider.yaml`, not `/home/…`).
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var parts: [String] = []
        for part in (baseDirectory + "/" + path).split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(part))
            }
        }
        let joined = parts.joined(separator: "/")
        return baseDirectory.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}

/// Where a run's desired state comes from (`desired:` in the configuration).
enum DesiredSource: String, Sendable, Equatable, CaseIterable {
    /// The template files under `templates`, with their parameters.
    case templates
    /// The deployed stacks, read at collect time: processed template, parameters, exports, physical ids.
    case stacks
    /// The template files as desired state, each bound to its deployed stack for parameters and physical ids.
    case both

    /// Whether collecting must read the stacks.
    var readsStacks: Bool { self != .templates }
}

extension RunConfig {
    /// The drift entries of `templates`, paths resolved against the file, `overrides` on every entry.
    func driftEntries(overrides: [String: String] = [:]) -> [DriftRequest.Entry] {
        templates.map { entry in
            DriftRequest.Entry(
                file: resolve(entry.file), parameters: entry.parameters.merging(overrides) { _, override in override },
                parameterFiles: entry.parametersFile.map { [resolve($0)] } ?? [],
                account: entry.account, region: entry.region, stackName: entry.stackName)
        }
    }

    /// The report's key in the database's memory: `name`, else the configuration file's absolute path.
    func reportKey(path: String) -> String {
        name ?? URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The accepted risks of the `suppressions` file (resolved against the configuration file); none without one.
    func loadSuppressions() throws -> [Suppression] {
        try suppressions.map { try SuppressionFile.load(path: resolve($0)) } ?? []
    }

    /// Whether the configuration asks for drift at all.
    var hasDrift: Bool { !templates.isEmpty || desired == .stacks }

    /// Reads a templates file for `drift --templates-file`: a YAML list of template entries (or a mapping with a
    /// `templates` list), each shaped like the run configuration's; relative paths resolve against the file.
    static func loadTemplates(path: String) throws -> RunConfig {
        let data = try read(path, what: "templates file")
        var config = RunConfig()
        config.baseDirectory = Self.directory(of: path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else {
                throw ConfigError(file: path, line: 1, reason: "the templates file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw ConfigError(
                file: path, line: Self.line(of: error), reason: "not valid YAML: \(Self.summary(of: error))")
        }
        let reader = NodeReader(file: path)
        var list = root
        if case .mapping = root {
            let members = try reader.mapping(root, key: nil)
            guard let templates = members.first(where: { $0.0.string == "templates" }) else {
                throw reader.error(
                    "templates", at: root, "expected a list of templates, or a mapping with `templates:`")
            }
            list = templates.1
        }
        config.templates = try reader.sequence(list, key: "templates").map { try reader.template($0) }
        return config
    }

    /// The directory part of a path as given (`.` for a bare file name).
    static func directory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    /// The bytes of a file, or an error that says why not in the system's words (`No such file or directory`).
    static func read(_ path: String, what: String) throws -> Data {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ConfigError(file: path, reason: "cannot read the \(what): it is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)) : "unreadable"
            throw ConfigError(file: path, reason: "cannot read the \(what): \(reason)")
        }
        return data
    }
}

/// A configuration file that cannot be used, with the key and line at fault.
struct ConfigError: Error, CustomStringConvertible, Equatable {
    var file: String
    var line: Int?
    var key: String?
    var reason: String

    var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.map { "\(place): '\($0)': \(reason)" } ?? "\(place): \(reason)"
    }
}

extension RunConfig {
    /// Reads and validates a configuration file.
    static func load(path: String) throws -> RunConfig {
        let data = try read(path, what: "configuration file")
        var config = try parse(String(decoding: data, as: UTF8.self), file: path)
        config.baseDirectory = directory(of: path)
        return config
    }

    /// Parses configuration text; `file` names it in errors.
    static func parse(_ text: String, file: String) throws -> RunConfig {
        let root: Node
        // A byte-order mark (some Windows editors write one) is not part of the YAML.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, line: 1, reason: "the configuration file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw ConfigError(
                file: file, line: Self.line(of: error), reason: "not valid YAML: \(Self.summary(of: error))")
        }
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, key: nil)
        var config = RunConfig()
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            switch key {
            case "database": config.database = try reader.string(value, key: key)
            case "accounts":
                for (subKey, subValue) in try reader.mapping(value, key: key) {
                    let name = subKey.string ?? ""
                    switch name {
                    case "profiles": config.profiles = try reader.strings(subValue, key: "accounts.profiles")
                    case "roleArns": config.roleArns = try reader.strings(subValue, key: "accounts.roleArns")
                    case "externalId": config.externalId = try reader.string(subValue, key: "accounts.externalId")
                    case "organization": config.organization = try reader.bool(subValue, key: "accounts.organization")
                    case "orgRoleName": config.orgRoleName = try reader.string(subValue, key: "accounts.orgRoleName")
                    case "orgUnits": config.orgUnits = try reader.strings(subValue, key: "accounts.orgUnits")
                    default: throw reader.unknown("accounts.\(name)", at: subKey)
                    }
                }
            case "regions":
                config.regions = try reader.strings(value, key: key)
                if let issue = config.regions.lazy.compactMap(ValueCheck.regionIssue).first {
                    throw reader.error(key, at: value, issue)
                }
            case "allRegions": config.allRegions = try reader.bool(value, key: key)
            case "endpointUrl": config.endpointURL = try reader.string(value, key: key)
            case "concurrency": config.concurrency = try reader.int(value, key: key, range: 1...256)
            case "trustedAccounts":
                config.trustedAccounts = try reader.strings(value, key: key)
                if let issue = config.trustedAccounts.lazy.compactMap(ValueCheck.trustIssue).first {
                    throw reader.error(key, at: value, issue)
                }
            case "trusted":
                guard try reader.string(value, key: key) == "organization" else {
                    throw reader.error(key, at: value, "must be `organization` (list accounts under trustedAccounts)")
                }
                config.trustsOrganization = true
            case "label": config.label = try reader.string(value, key: key)
            case "templates":
                config.templates = try reader.sequence(value, key: key).map { try reader.template($0) }
            case "desired":
                let text = try reader.string(value, key: key)
                guard let source = DesiredSource(rawValue: text) else {
                    throw reader.error(key, at: value, "must be one of templates, stacks, both")
                }
                config.desired = source
            case "stackNames": config.stackNames = try reader.strings(value, key: key)
            case "reports":
                for (subKey, subValue) in try reader.mapping(value, key: key) {
                    let name = subKey.string ?? ""
                    switch name {
                    case "directory": config.reportDirectory = try reader.string(subValue, key: "reports.directory")
                    case "formats":
                        config.formats = try reader.strings(subValue, key: "reports.formats")
                        if let bad = config.formats.first(where: { !["md", "html", "json", "sarif"].contains($0) }) {
                            throw reader.error(
                                "reports.formats", at: subValue, "unknown format '\(bad)' (md, html, json, sarif)")
                        }
                    case "markdownBudget":
                        let text = try reader.string(subValue, key: "reports.markdownBudget")
                        guard let budget = MarkdownBudget(argument: text) else {
                            throw reader.error(
                                "reports.markdownBudget", at: subValue,
                                "github, jira or a number of characters from 1000")
                        }
                        config.markdownBudget = budget
                    default: throw reader.unknown("reports.\(name)", at: subKey)
                    }
                }
            case "retention":
                for (subKey, subValue) in try reader.mapping(value, key: key) {
                    guard subKey.string == "keepDays" else {
                        throw reader.unknown("retention.\(subKey.string ?? "")", at: subKey)
                    }
                    config.keepDays = try reader.int(subValue, key: "retention.keepDays", range: 0...36500)
                }
            case "failOn", "failOnNew":
                let threshold = try reader.string(value, key: key)
                guard FailThreshold(rawValue: threshold) != nil else {
                    throw reader.error(key, at: value, "must be one of critical, high, medium, low, info, none")
                }
                if key == "failOn" { config.failOn = threshold } else { config.failOnNew = threshold }
            case "suppressions": config.suppressions = try reader.string(value, key: key)
            case "name": config.name = try reader.string(value, key: key)
            default: throw reader.unknown(key, at: keyNode)
            }
        }
        if config.desired == .both && config.templates.isEmpty {
            throw ConfigError(
                file: file, line: nil, key: "desired",
                reason: "`both` compares template files through their stacks: list them under templates")
        }
        if !config.organization && (config.orgRoleName != nil || !config.orgUnits.isEmpty) {
            throw ConfigError(
                file: file, line: nil, key: "accounts", reason: "orgRoleName and orgUnits need organization: true")
        }
        if !config.regions.isEmpty && config.allRegions {
            throw ConfigError(
                file: file, line: nil, key: "regions",
                reason: "name regions or set allRegions: true, not both (allRegions reads every enabled region)")
        }
        if config.regions.isEmpty && !config.allRegions {
            throw ConfigError(
                file: file, line: nil, key: "regions", reason: "name at least one region, or set allRegions: true")
        }
        return config
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "syntax error"
        }
    }
}

/// Reads typed values out of YAML nodes, failing with the key and line.
struct NodeReader {
    let file: String

    func error(_ key: String?, at node: Node, _ reason: String) -> ConfigError {
        ConfigError(file: file, line: node.mark.map { $0.line }, key: key, reason: reason)
    }

    func unknown(_ key: String, at node: Node) -> ConfigError {
        error(key, at: node, "unknown key")
    }

    func mapping(_ node: Node, key: String?) throws -> [(Node, Node)] {
        guard case .mapping(let mapping) = node else { throw error(key, at: node, "expected a mapping") }
        return Array(mapping)
    }

    func sequence(_ node: Node, key: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(key, at: node, "expected a list") }
        return Array(sequence)
    }

    func string(_ node: Node, key: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error(key, at: node, "expected a single value") }
        return scalar.string
    }

    func strings(_ node: Node, key: String) throws -> [String] {
        if case .scalar(let scalar) = node { return [scalar.string] }
        return try sequence(node, key: key).map { try string($0, key: key) }
    }

    func bool(_ node: Node, key: String) throws -> Bool {
        guard let value = node.bool else { throw error(key, at: node, "expected true or false") }
        return value
    }

    func int(_ node: Node, key: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = node.int, range.contains(value) else {
            throw error(key, at: node, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func template(_ node: Node) throws -> RunConfig.TemplateEntry {
        var entry = RunConfig.TemplateEntry(file: "")
        for (keyNode, value) in try mapping(node, key: "templates[]") {
            let name = keyNode.string ?? ""
            let key = "templates[].\(name)"
            switch name {
            case "file": entry.file = try string(value, key: key)
            case "account": entry.account = try string(value, key: key)
            case "region": entry.region = try string(value, key: key)
            case "stackName": entry.stackName = try string(value, key: key)
            case "parametersFile": entry.parametersFile = try string(value, key: key)
            case "parameters":
                for (parameter, parameterValue) in try mapping(value, key: key) {
                    entry.parameters[parameter.string ?? ""] = try strings(parameterValue, key: key).joined(
                        separator: ",")
                }
            default: throw unknown(key, at: keyNode)
            }
        }
        if entry.file.isEmpty { throw error("templates[].file", at: node, "every template needs a file") }
        return entry
    }
}

/// The `--fail-on` threshold: a severity, or `none`.
enum FailThreshold: String, Sendable, CaseIterable {
    case critical, high, medium, low, info, none
}
