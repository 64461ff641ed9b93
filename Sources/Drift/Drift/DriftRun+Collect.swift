import PrivateLinkModel
import Templates

/// Filing the templates' resources as entries, and what of the templates plinv cannot read.
extension DriftRun {
    /// Transforms CloudFormation expands at deploy time that leave the declared resources as written.
    static let transformsKeepingResources: Set<String> = ["AWS::LanguageExtensions"]

    /// Files every desired resource as an entry to check or as not checked; a template with a transform plinv
    /// does not expand, or with parts the loader did not evaluate, makes its scope's declarations incomplete.
    mutating func collect(_ templates: [LoadedTemplate]) {
        for (templateIndex, template) in templates.enumerated() {
            // One file may be deployed in several scopes: each loaded copy is its own namespace of logical ids.
            let instance = "\(templateIndex):\(template.file)"
            let templateScope = template.scope ?? defaultScope
            let unexpanded = template.transforms.filter { !Self.transformsKeepingResources.contains($0) }
            let transformReason =
                unexpanded.isEmpty
                ? nil
                : "transform \(unexpanded.joined(separator: ", ")) is expanded by CloudFormation at deploy time; "
                    + "plinv does not expand it: compare the deployed stack with --stacks"
            if let transformReason { incomplete.append(Incompleteness(scope: templateScope, reason: transformReason)) }
            let notEvaluated = fileNotEvaluated(template, scope: templateScope)
            standaloneRules[instance] = template.resources.filter {
                $0.type == "AWS::EC2::SecurityGroupIngress" || $0.type == "AWS::EC2::SecurityGroupEgress"
            }
            let endpointGroups = Set(
                template.resources(ofType: "AWS::EC2::VPCEndpoint").flatMap { endpoint in
                    endpoint[property: "SecurityGroupIds"]?.value.references.map(\.logicalId) ?? []
                })
            for resource in template.resources {
                let location = SourceLocation(resource.location)
                guard let kind = ResourceKind(checkedType: resource.type) else {
                    notChecked.append(
                        UncheckedResource(
                            logicalId: resource.logicalId, resourceType: resource.type,
                            reason: "drift does not check \(resource.type)", source: location,
                            scope: resource.scope ?? templateScope))
                    continue
                }
                if kind == .securityGroup, !endpointGroups.contains(resource.logicalId) {
                    notChecked.append(
                        UncheckedResource(
                            logicalId: resource.logicalId, resourceType: resource.type,
                            reason:
                                "not attached to a VPC endpoint in this template; plinv collects only endpoint security groups",
                            source: location, scope: resource.scope ?? templateScope))
                    continue
                }
                entries.append(
                    Entry(
                        key: EntryKey(file: instance, logicalId: resource.logicalId), resource: resource, kind: kind,
                        scope: resource.scope ?? templateScope, stackName: resource.stackName ?? template.stackName,
                        physicalId: template.physicalIds[resource.logicalId], unverifiable: transformReason,
                        notEvaluated: notEvaluated[resource.logicalId]))
            }
        }
    }

    /// Lists every part of `template` the loader did not evaluate as a not-verified row, and returns the reasons
    /// by the logical id of the resource they concern. A part of no declared resource (the template as a whole,
    /// or resources an `AWS::Include` or `Fn::ForEach` would add) makes the scope's declarations incomplete.
    private mutating func fileNotEvaluated(_ template: LoadedTemplate, scope: Scope?) -> [String: String] {
        var byResource: [String: String] = [:]
        let declared = Dictionary(template.resources.map { ($0.logicalId, $0.type) }) { first, _ in first }
        for part in template.notEvaluated {
            let source = SourceLocation(part.location)
            if let logicalId = part.logicalId, let type = declared[logicalId] {
                notVerified.append(
                    UnverifiedValue(
                        logicalId: logicalId, resourceType: type, attribute: nil, reason: part.reason, source: source,
                        scope: scope))
                byResource[logicalId] = byResource[logicalId].map { "\($0); \(part.reason)" } ?? part.reason
                continue
            }
            incomplete.append(Incompleteness(scope: scope, reason: part.reason))
            notVerified.append(
                UnverifiedValue(
                    logicalId: part.logicalId ?? "(template)",
                    resourceType: part.logicalId == nil ? "template" : "unknown",
                    attribute: nil,
                    reason: "\(part.reason); live resources it may declare are not reported as unmanaged",
                    source: source, scope: scope))
        }
        return byResource
    }
}
