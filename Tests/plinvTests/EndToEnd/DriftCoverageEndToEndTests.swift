import Foundation
import PrivateLinkModel
import Testing

/// A drift run that can compare nothing must not exit 0 with "no findings": it exits 4 and every format names each
/// declared resource it could not compare, with the reason.
@Suite struct DriftCoverageEndToEndTests {
    /// An access stack that imports its service from another stack's export, and an endpoint in a VPC that is
    /// imported too: with no stacks read, nothing can be keyed offline.
    static let template = """
        AWSTemplateFormatVersion: '2010-09-09'
        Resources:
          Access:
            Type: AWS::EC2::VPCEndpointServicePermissions
            Properties:
              ServiceId: !ImportValue provider-ServiceId
              AllowedPrincipals: [arn:aws:iam::222222222222:root]
          Endpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcEndpointType: Interface
              VpcId: !ImportValue network-VpcId
              ServiceName: com.amazonaws.eu-west-1.ec2
        """

    @Test func aRunThatVerifiedNothingExitsFourAndSaysWhyInEveryFormat() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let collected = try await scenario.collect()
        try #require(collected.status == 0, "\(collected.stderrText)")
        let file = try scenario.directory.write(Self.template, to: "access.yaml")
        let spec = "\(file.path),stack=access,account=\(scenario.provider),region=eu-west-1"

        let json = try await scenario.plinv(["drift", "--template", spec, "--format", "json"])
        #expect(json.status == 4, "\(json.stderrText)")
        let document = try JSONValue.parse(json.stdout)
        #expect(document["coverage"]?["verified"] == .integer(0))
        #expect(document["coverage"]?["declared"] == .integer(2))
        let rows = document["notVerified"]?.arrayValue ?? []
        for logicalId in ["Access", "Endpoint"] {
            let row = rows.first { $0["logicalId"] == .string(logicalId) }
            #expect(row?["reason"]?.stringValue?.contains("ImportValue") == true, "\(logicalId): \(rows)")
        }
        // No guessed drift: the unresolvable ServiceId must not turn live principals into "extra" findings.
        #expect(!(document["findings"]?.arrayValue ?? []).contains { $0["rule"] == .string("drift.principal.extra") })

        for format in ["text", "md", "html"] {
            let result = try await scenario.plinv(["drift", "--template", spec, "--format", format])
            #expect(result.status == 4, "\(format)")
            #expect(result.stdoutText.contains("Nothing was verified"), "\(format)")
            #expect(result.stdoutText.contains("Access") && result.stdoutText.contains("Endpoint"), "\(format)")
        }
        // --fail-on none silences findings, never the fact that nothing was compared.
        let silenced = try await scenario.plinv(["drift", "--template", spec, "--fail-on", "none"])
        #expect(silenced.status == 4)
    }
}
