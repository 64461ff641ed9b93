import AWSQuery
import Logging

extension StackReader {
    /// Whether one IAM action that stack reading needs is allowed, as `doctor` shows it.
    public struct PermissionCheck: Sendable, Hashable {
        /// What calling the action said.
        public enum Outcome: String, Sendable, Hashable {
            /// The call was authorized (it succeeded, or failed for another reason than permissions).
            case allowed
            /// AWS refused it for lack of the permission.
            case denied
            /// It could not be told (network, credentials, throttling…): `detail` says why.
            case unknown
        }

        /// The IAM action, e.g. `cloudformation:GetTemplate`.
        public var action: String
        public var outcome: Outcome
        /// The error met, when there was one.
        public var detail: String?
    }

    /// The stack name the per-stack probes ask for: it never exists, so an authorized call fails with
    /// `ValidationError` ("does not exist") and reads nothing.
    public static let probeStackName = "plinv-permission-probe-does-not-exist"

    /// Calls each action `requiredActions` lists once through `client` (a CloudFormation client) and says which
    /// are denied. `DescribeStacks` and `ListExports` read one page; `ListStackResources` and `GetTemplate` ask
    /// for a stack that does not exist. A policy that grants the per-stack actions only on named stacks shows
    /// them as denied here even though those stacks can be read.
    public static func checkPermissions(client: QueryClient, logger: Logger) async -> [PermissionCheck] {
        let calls: [(String, [(String, String)])] = [
            ("DescribeStacks", []),
            ("ListStackResources", [("StackName", probeStackName)]),
            ("GetTemplate", [("StackName", probeStackName), ("TemplateStage", "Processed")]),
            ("ListExports", []),
        ]
        var checks: [PermissionCheck] = []
        for (action, parameters) in calls {
            let permission = "cloudformation:\(action)"
            do {
                _ = try await client.send(action, parameters, logger: logger)
                checks.append(PermissionCheck(action: permission, outcome: .allowed))
            } catch let error as QueryError where error.code == "ValidationError" {
                checks.append(PermissionCheck(action: permission, outcome: .allowed))
            } catch {
                let denied: Bool
                if case .stackReadFailed(_, _, let refused, _) = CollectorError.failure(of: action, error) {
                    denied = refused
                } else {
                    denied = false
                }
                checks.append(
                    PermissionCheck(action: permission, outcome: denied ? .denied : .unknown, detail: "\(error)"))
            }
        }
        return checks
    }
}
