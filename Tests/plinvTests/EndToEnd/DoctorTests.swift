import Foundation
import TestSupport
import Testing

/// `plinv doctor` against a peer that checks every signature: the whole chain, and one clear error for a wrong key.
@Suite struct DoctorTests {
    func environment(_ peer: PeerInstance, secret: String) -> [String: String] {
        ProcessEnvironment.isolated([
            "AWS_ACCESS_KEY_ID": Peer.signingCredentials.accessKeyId,
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_REGION": "eu-west-1",
            "AWS_ENDPOINT_URL": peer.url.absoluteString,
        ])
    }

    @Test func doctorShowsTheChainAndEveryAPIIsUsable() async throws {
        let peer = try await Peer.startSignatureChecking()
        defer { Task { await peer.stop() } }
        let result = try await PlinvBinary.run(
            ["doctor"], environment: environment(peer, secret: Peer.signingCredentials.secretAccessKey))
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let text = result.stdoutText
        #expect(text.contains("credentials   environment variables"))
        #expect(text.contains("region        eu-west-1 (from AWS_REGION)"))
        #expect(text.contains("EC2: \(peer.url.absoluteString) (from AWS_ENDPOINT_URL)"))
        #expect(text.contains("identity      arn:aws:iam::123456789012:user/"))
        #expect(text.contains("****************0001"), "the access key is shown redacted")
        #expect(!text.contains(Peer.signingCredentials.accessKeyId))
        #expect(!text.contains(Peer.signingCredentials.secretAccessKey))
        for action in [
            "DescribeVpcEndpointServiceConfigurations", "DescribeVpcEndpointConnections",
            "DescribeVpcEndpoints", "DescribeSecurityGroups", "DescribeLoadBalancers",
        ] {
            #expect(text.contains("✓ ") && text.contains(action), "\(action) not checked")
        }
        #expect(text.contains("every API plinv needs is usable"))
    }

    @Test func withStacksDoctorChecksTheCloudFormationReadsToo() async throws {
        let peer = try await Peer.startSignatureChecking()
        defer { Task { await peer.stop() } }
        let result = try await PlinvBinary.run(
            ["doctor", "--stacks"], environment: environment(peer, secret: Peer.signingCredentials.secretAccessKey))
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        for action in ["DescribeStacks", "ListStackResources", "GetTemplate", "ListExports"] {
            #expect(result.stdoutText.contains("✓ cloudformation:\(action)"), "\(action) not checked")
        }
        #expect(result.stdoutText.contains("CloudFormation: \(peer.url.absoluteString)"))
    }

    @Test func aWrongSecretIsOneClearAuthenticationError() async throws {
        let peer = try await Peer.startSignatureChecking()
        defer { Task { await peer.stop() } }
        let result = try await PlinvBinary.run(
            ["doctor", "-v"], environment: environment(peer, secret: "wrong-secret"))
        #expect(result.status == 1)
        let output = result.stdoutText + result.stderrText
        #expect(output.contains("identity      ✗"))
        // STS names a bad signature SignatureDoesNotMatch, EC2 AuthFailure: either way, one error and one request.
        let code = output.contains("SignatureDoesNotMatch") ? "SignatureDoesNotMatch" : "AuthFailure"
        #expect(output.components(separatedBy: "AWS error \(code)").count - 1 == 1, "one error:\n\(output)")
        #expect(output.components(separatedBy: "aws response").count - 1 == 1, "no retries:\n\(output)")
        #expect(
            output.contains("Check your AWS Secret Access Key")
                || output.contains("validate the provided access credentials"))
        #expect(!output.contains("wrong-secret"))
    }
}
