import PrivateLinkModel

/// A live resource by scope and id: endpoint services (and, in drift, anything claimed by a match) are
/// unique only within their account and region.
struct ServiceKey: Hashable, Sendable {
    var scope: Scope
    var serviceId: String
}
