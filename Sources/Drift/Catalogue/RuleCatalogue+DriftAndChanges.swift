extension RuleCatalogue {
    /// The drift rules' entries (`DriftRule`), in the enum's order.
    static let driftEntries: [RuleEntry] = DriftRule.allCases.map(\.entry)

    /// The change rules' entries (`ChangeRule`), in the enum's order.
    static let changeEntries: [RuleEntry] = ChangeRule.allCases.map(\.entry)
}

extension DriftRule {
    /// The rule's catalogue entry.
    var entry: RuleEntry {
        let redeploy =
            "Update the stack so CloudFormation sets the declared value again, or change the template if the "
            + "live value is the one you want."
        func make(
            _ title: String, _ severity: Severity, _ note: String?, _ meaning: String, _ why: String, _ fix: String
        )
            -> RuleEntry
        {
            RuleEntry(
                id: rawValue, family: .drift, title: title, severity: severity, severityNote: note, meaning: meaning,
                why: why, fix: fix)
        }
        switch self {
        case .missing:
            return make(
                "Declared resource missing", .high, "high for an endpoint service, medium otherwise",
                "A template declares a resource that does not exist in a scope that was collected successfully.",
                "Consumers of a missing service cannot connect; a missing endpoint or security group breaks its clients.",
                "Deploy the stack so CloudFormation creates it again, or remove it from the template if it was retired on purpose."
            )
        case .changed:
            return make(
                "Live value differs from the template", .high,
                "high for AcceptanceRequired; medium for policies, security groups, VPC, service and load balancers; low otherwise",
                "A property of a matched resource has a different live value than the template declares.",
                "Someone changed the resource outside CloudFormation; the next stack update may silently undo it, or keep a risky value.",
                redeploy)
        case .principalMissing:
            return make(
                "Declared principal not allowed", .medium, nil,
                "A principal the template allows on an endpoint service is not among its live allowed principals.",
                "The consumer the template intends cannot connect.", redeploy)
        case .principalExtra:
            return make(
                "Principal allowed outside the template", .high, nil,
                "A live allowed principal of a declared endpoint service is not declared by any template.",
                "An account can connect that no reviewed change allowed.",
                "Remove the principal (aws ec2 modify-vpc-endpoint-service-permissions --remove-allowed-principals ARN), "
                    + "or declare it in the template if the access is intended.")
        case .ruleExtra:
            return make(
                "Security group rule outside the template", .high,
                "high when it admits 0.0.0.0/0 or ::/0, medium otherwise",
                "A live security group rule is not declared by the template.",
                "Someone opened the group by hand; the extra rule admits traffic no reviewed change allowed.",
                "Revoke the rule, or declare it in the template if it is intended.")
        case .ruleMissing:
            return make(
                "Declared security group rule missing", .low, nil,
                "A security group rule the template declares is not live.",
                "Clients the template means to admit are refused.", redeploy)
        case .ambiguous:
            return make(
                "Several live resources match one declaration", .medium, nil,
                "Two or more live resources match one declared resource, so plinv does not guess which one is meant.",
                "Nothing about that declaration is compared until the match is unambiguous.",
                "Deploy through CloudFormation so the intended resource carries the aws:cloudformation:logical-id and "
                    + "stack-name tags, or remove the duplicate.")
        case .conflict:
            return make(
                "Several declarations match one live resource", .medium, nil,
                "Two or more declared resources match the same live resource, so none of them is compared.",
                "Two templates claim one resource: one of them is stale or deploys over the other.",
                "Compare with the deployed stack (--stacks) so physical ids decide, or remove the declaration that no "
                    + "longer exists from the template.")
        case .unmanaged:
            return make(
                "Resource no template declares", .medium,
                "medium for an endpoint service, low for an endpoint or an undeclared service's principal",
                "A live endpoint service, VPC endpoint or allowed principal in the templates' scope is declared by no template.",
                "Nobody reviews what is not in code: it is easy to forget and hard to audit.",
                "Declare it in a template (import it into a stack), or delete it if nobody needs it.")
        }
    }
}

extension ChangeRule {
    /// The rule's catalogue entry.
    var entry: RuleEntry {
        let expected = "Nothing if the change was intended; otherwise find who made it (CloudTrail) and revert it."
        func make(_ title: String, _ note: String?, _ meaning: String, _ why: String, _ fix: String = expected)
            -> RuleEntry
        {
            // A granted `*` is the one change reported above its rule's default severity.
            let highest = self == .principalGranted ? Severity.high : severity
            return RuleEntry(
                id: rawValue, family: .change, title: title, severity: highest, severityNote: note, meaning: meaning,
                why: why, fix: fix)
        }
        switch self {
        case .principalGranted:
            return make(
                "Principal granted", "high when the principal is *, medium otherwise",
                "A principal was added to a service's allowed principals.",
                "A new account can connect from now on.")
        case .principalRevoked:
            return make(
                "Principal revoked", nil, "A principal was removed from a service's allowed principals.",
                "Its existing connections stay open until rejected.",
                "Reject the principal's remaining connections (aws ec2 reject-vpc-endpoint-connections) if it should lose access."
            )
        case .acceptanceDisabled:
            return make(
                "Acceptance turned off", nil, "A service's AcceptanceRequired went from true to false.",
                "New connections are no longer reviewed.",
                "Turn acceptance back on (aws ec2 modify-vpc-endpoint-service-configuration --acceptance-required) unless "
                    + "the change was intended.")
        case .acceptanceEnabled:
            return make(
                "Acceptance turned on", nil, "A service's AcceptanceRequired went from false to true.",
                "New connections are reviewed again.")
        case .connectionRequested:
            return make(
                "Connection requested", nil, "A connection appeared in, or went back to, pendingAcceptance.",
                "Someone asks to connect and waits for a decision.",
                "Accept or reject it (aws ec2 accept-vpc-endpoint-connections / reject-vpc-endpoint-connections).")
        case .connectionAccepted:
            return make(
                "Connection accepted", nil, "A connection became available (accepted or auto-accepted).",
                "A consumer can now reach the service.")
        case .connectionRejected:
            return make(
                "Connection rejected", nil, "A connection became rejected.",
                "The consumer can no longer reach the service.")
        case .connectionDeleted:
            return make(
                "Connection deleted", nil, "A connection was deleted or disappeared.",
                "The consumer no longer uses the service.")
        case .connectionState:
            return make(
                "Connection state changed", nil, "A connection entered another state (failed, expired, …).",
                "The connection carries no traffic.")
        case .policy:
            return make(
                "Endpoint policy changed", nil, "An endpoint's policy document changed as JSON.",
                "What the endpoint can reach changed.")
        case .ingressOpened:
            return make(
                "Security group opened to the internet", nil,
                "A security group's ingress newly admits 0.0.0.0/0 or ::/0.",
                "Anything that can route to the group's interfaces can now reach them.",
                "Remove the open rule and admit only the VPC's CIDR or the clients' security groups.")
        case .tags:
            return make(
                "Tags changed", nil, "A resource's tags changed.",
                "Tags drive ownership, cost and sometimes access decisions.")
        case .added: return make("Resource added", nil, "A resource appeared.", "The estate grew.")
        case .removed:
            return make("Resource removed", nil, "A resource disappeared.", "Whatever depended on it may be broken.")
        case .modified:
            return make(
                "Attribute changed", nil, "Some other attribute of a resource changed.",
                "The resource no longer looks as it did.")
        case .stackCreated:
            return make(
                "Stack created", nil, "A CloudFormation stack appeared.", "New declared resources arrive with it.")
        case .stackDeleted:
            return make(
                "Stack deleted", nil, "A CloudFormation stack disappeared.",
                "Its resources were deleted or retained unmanaged.")
        case .stackUpdated:
            return make(
                "Stack updated", nil, "A stack's status, last-updated time, template or parameters changed.",
                "The resource changes it caused are listed with it.")
        }
    }
}
