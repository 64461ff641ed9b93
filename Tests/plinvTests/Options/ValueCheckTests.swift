import ArgumentParser
import Testing

@testable import plinv

/// Values checked where they are written: a list given as one comma-separated value is refused with a hint, not taken
/// as one account (every consumer would then be reported as untrusted) or one region (a confusing AWS error later).
@Suite struct ValueCheckTests {
    @Test(arguments: ["222222222222", "arn:aws:iam::222222222222:root", "o-abc123", "ou-ab12-cd34ef56"])
    func trustedEntriesOfEveryFormPass(entry: String) {
        #expect(ValueCheck.trustIssue(entry) == nil)
    }

    @Test(arguments: ["222222222222, 333333333333", "2222", "acme", "o-abc123, o-def456", "ou-aa-bb, 222222222222"])
    func otherTrustedEntriesAreRefused(entry: String) {
        #expect(ValueCheck.trustIssue(entry) != nil)
    }

    @Test(arguments: [
        "eu-west-1", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "ap-southeast-7", "us-east-1-fips",
        "fips-us-gov-west-1",
    ])
    func regionNamesPass(name: String) {
        #expect(ValueCheck.regionIssue(name) == nil)
    }

    @Test(arguments: ["", "eu-west-1 ", "eu-west-1, us-east-1", "EU-WEST-1", "eu-west", "local"])
    func otherRegionsAreRefused(name: String) {
        #expect(ValueCheck.regionIssue(name) != nil)
    }

    @Test func theCommandLineRefusesThemBeforeRunning() {
        #expect(throws: (any Error).self) { try Audit.parse(["--trusted-account", "222222222222, 333333333333"]) }
        #expect(throws: (any Error).self) { try Report.parse(["--trusted-account", "acme"]) }
        #expect(throws: (any Error).self) { try Collect.parse(["--region", "eu-west-1, us-east-1"]) }
        #expect(throws: Never.self) { try Collect.parse(["--region", "eu-west-1", "--region", "us-east-1"]) }
    }
}
