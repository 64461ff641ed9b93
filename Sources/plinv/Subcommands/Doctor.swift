import AWSQuery
import ArgumentParser
import Collector
import Foundation
import Logging

/// `plinv doctor`: check the whole chain — credentials, identity, region, endpoints, and every API plinv calls.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Show where credentials come from (redacted), the identity, region and endpoint, and check every API plinv needs."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The profile to check.")
    var profile: String?

    @Option(name: .long, help: "The region to check.")
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: "Send every AWS request to this URL.")
    var endpointURL: String?

    @Flag(name: .long, help: "Also require the CloudFormation permissions `collect --stacks` needs.")
    var stacks = false

    @Option(name: .long, help: "Check every account × region this plinv.yaml's nightly job will read, one line each.")
    var config: String?

    func validate() throws {
        if config != nil && (profile != nil || region != nil || endpointURL != nil) {
            throw ValidationError(
                "--config names the accounts, regions and endpoint: drop --profile, --region and --endpoint-url")
        }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let logger = Logger(label: "plinv.doctor")
        if let config {
            let ready = try await ConfigurationCheck.run(path: config, stacks: stacks, logger: logger)
            if !ready { throw ExitCode.failure }
            return
        }
        let endpoint = try AWSOptions.url(endpointURL)
        let session: AccountSession
        do {
            session = try await AccountSession.resolve(
                profile: profile, region: region, endpoint: endpoint, logger: logger)
        } catch CredentialError.noRegion {
            Console.out("region        ✗ \(CredentialError.noRegion)\n")
            throw ExitCode.failure
        } catch {
            Console.out("credentials   ✗ \(error)\n")
            throw ExitCode.failure
        }
        let credentials = try await session.credentials.credentials(logger: logger)
        var lines = [
            "credentials   \(session.credentials.sourceDescription)",
            "access key    \(credentials.redactedAccessKeyId) (secret redacted"
                + (credentials.sessionToken == nil ? ")" : ", session token redacted)"),
            "profile       \(session.configuration.profile)",
            "region        "
                + (session.configuration.region.map { "\($0.value) (from \($0.source))" } ?? session.homeRegion),
        ]
        for service in [AWSService.ec2, .elbv2, .sts, .cloudFormation] {
            let configured = session.configuration.endpoint(for: service)
            let url = try session.configuration.endpointURL(for: service, region: session.homeRegion)
            lines.append(
                "endpoint      \(service.name): \(url.absoluteString)"
                    + (configured.map { " (from \($0.source))" } ?? ""))
        }
        Console.out(lines.joined(separator: "\n") + "\n")

        let identity: (account: String, arn: String)
        do {
            identity = try await session.callerIdentity(logger: logger)
            Console.out("identity      \(identity.arn) (account \(identity.account))\n")
        } catch {
            Console.out("identity      ✗ \(error)\n")
            throw ExitCode.failure
        }
        let checks = await PermissionCheck.runAll(
            session: session, account: identity.account, stacks: stacks, logger: logger)
        for check in checks { Console.out(check.line + "\n") }
        let denied = checks.filter { $0.isDenied && $0.required }
        let failed = checks.filter { !$0.ok && !$0.isDenied && $0.required }
        let optional = checks.filter { !$0.ok && !$0.required }
        if !optional.isEmpty {
            Console.out(
                "optional      " + optional.map(\.permission).joined(separator: ", ")
                    + " (needed only by `collect --stacks`; `doctor --stacks` requires them)\n")
        }
        if !denied.isEmpty { Console.out("missing       " + denied.map(\.permission).joined(separator: ", ") + "\n") }
        if !failed.isEmpty { Console.out("failed        " + failed.map(\.permission).joined(separator: ", ") + "\n") }
        guard denied.isEmpty && failed.isEmpty else { throw ExitCode.failure }
        Console.out("ok            every API plinv needs is usable\n")
    }
}

/// One API call `doctor` makes to prove a permission.
struct PermissionCheck: Sendable {
    var permission: String
    var ok: Bool
    var detail: String
    /// Whether AWS answered that the permission is missing (rather than failing otherwise).
    var isDenied = false
    /// Whether doctor fails without it (the CloudFormation reads are optional unless `--stacks`).
    var required = true

    /// A line of doctor's report.
    var line: String {
        "api           \(ok ? "✓" : (required ? "✗" : "–")) \(permission)" + (detail.isEmpty ? "" : ": \(detail)")
    }

    /// Calls each API once; a "not found" answer proves the permission as well as a success does.
    static func runAll(
        session: AccountSession, account: String, region: String? = nil, stacks: Bool, logger: Logger
    ) async -> [PermissionCheck] {
        let region = region ?? session.homeRegion
        let calls: [(AWSService, String, [(String, String)])] = [
            (.ec2, "DescribeVpcEndpointServiceConfigurations", [("MaxResults", "5")]),
            (
                .ec2, "DescribeVpcEndpointServicePermissions",
                [("ServiceId", "vpce-svc-00000000000000000"), ("MaxResults", "5")]
            ),
            (.ec2, "DescribeVpcEndpointConnections", [("MaxResults", "5")]),
            (.ec2, "DescribeVpcEndpoints", [("MaxResults", "5")]),
            (.ec2, "DescribeSecurityGroups", [("MaxResults", "5")]),
            (.ec2, "DescribeRegions", []),
            (.elbv2, "DescribeLoadBalancers", [("PageSize", "1")]),
        ]
        var results: [PermissionCheck] = []
        for (service, action, parameters) in calls {
            let permission = "\(service.signingName):\(action)"
            do {
                let client = try session.client(service, region: region, account: account)
                _ = try await client.send(action, parameters, logger: logger)
                results.append(PermissionCheck(permission: permission, ok: true, detail: ""))
            } catch let error as QueryError {
                let code = error.code ?? ""
                if code.hasSuffix(".NotFound") || code.hasPrefix("InvalidVpcEndpointServiceId") {
                    results.append(PermissionCheck(permission: permission, ok: true, detail: ""))
                } else {
                    let denied = ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"].contains(code)
                    results.append(
                        PermissionCheck(permission: permission, ok: false, detail: "\(error)", isDenied: denied))
                    if code == "AuthFailure" || code == "InvalidClientTokenId" || code == "SignatureDoesNotMatch" {
                        break  // the credentials themselves are rejected: every further call would say the same
                    }
                }
            } catch {
                results.append(PermissionCheck(permission: permission, ok: false, detail: "\(error)"))
            }
        }
        // `collect --stacks` needs CloudFormation too; without --stacks a refusal is shown but optional.
        if let client = try? session.client(.cloudFormation, region: region, account: account) {
            for check in await StackReader.checkPermissions(client: client, logger: logger) {
                results.append(
                    PermissionCheck(
                        permission: check.action, ok: check.outcome == .allowed, detail: check.detail ?? "",
                        isDenied: check.outcome == .denied, required: stacks))
            }
        }
        return results
    }
}
