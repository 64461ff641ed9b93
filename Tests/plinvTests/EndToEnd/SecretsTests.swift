import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// No secret ever reaches a log line, a database row or a report.
@Suite struct SecretsTests {
    static let accessKey = "AKIAPLINVKNOWNKEY0001"
    static let secret = "pLiNvKnOwNsEcReT/0123456789abcdefghijklmno"
    static let token = "pLiNvKnOwNtOkEn+FQoGZXIvYXdzEJr//////////wEaDKnownToken"

    @Test func knownSecretsAppearNowhere() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        var environment = try await scenario.plinvEnvironment()
        environment["AWS_ACCESS_KEY_ID"] = Self.accessKey
        environment["AWS_SECRET_ACCESS_KEY"] = Self.secret
        environment["AWS_SESSION_TOKEN"] = Self.token
        let reports = scenario.directory.file("reports").path
        let endpoint = scenario.peer.url.absoluteString
        let roles = [scenario.provider, scenario.consumer].flatMap {
            ["--role-arn", "arn:aws:iam::\($0):role/plinv-read"]
        }
        var runs: [[String]] = [
            ["collect", "-v", "--endpoint-url", endpoint, "--region", "eu-west-1"] + roles,
            ["doctor", "-v", "--endpoint-url", endpoint, "--region", "eu-west-1"],
            ["inventory", "-v", "--format", "json"],
            ["audit", "-v", "--format", "json"],
            ["changes", "-v", "--format", "md"],
        ]
        for format in ["md", "html", "json", "text"] {
            runs.append(["audit", "--format", format, "-o", "\(reports)/audit.\(format)"])
            runs.append(["inventory", "--format", format, "-o", "\(reports)/inventory.\(format)"])
        }
        runs.append(["collect", "-v", "--endpoint-url", endpoint, "--region", "eu-west-1"] + roles)
        runs.append(["changes", "--format", "html", "-o", "\(reports)/changes.html"])
        var seen = ""
        for arguments in runs {
            let result = try await PlinvBinary.run(arguments, environment: environment)
            seen += result.stdoutText + result.stderrText
        }
        #expect(seen.contains("debug"), "the verbose runs logged nothing, so the check proves little")
        for name in try FileManager.default.contentsOfDirectory(atPath: reports) {
            seen += try String(contentsOfFile: "\(reports)/\(name)", encoding: .utf8)
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: scenario.directory.url.path)
        where file.hasPrefix("plinv.sqlite") {
            seen += String(decoding: try Data(contentsOf: scenario.directory.file(file)), as: UTF8.self)
        }
        for needle in [Self.secret, Self.token, "pLiNvKnOwN", "SecretAccessKey", "aws_secret_access_key"] {
            #expect(!seen.contains(needle), "found \(needle) in plinv's output, logs, reports or database")
        }
        #expect(!seen.contains(Self.accessKey), "the full access key id should be redacted")
    }
}
