import Mustache

// Every view the report templates read answers their keys directly: swift-mustache and the streaming renderer would
// otherwise read each key through `Mirror`, which the bench measured as most of an HTML report's cost. Each answers
// exactly its stored properties (`MustacheParentTests` checks them against `Mirror`), so a template, embedded or
// not, sees the same keys either way.

extension ReportView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "generatedAt": generatedAt
        case "snapshot": snapshot
        case "comparedWith": comparedWith
        case "summary": summary
        case "findings": findings
        case "access": access
        case "changes": changes
        case "inventory": inventory
        case "unchecked": unchecked
        case "problems": problems
        case "generator": generator
        case "trendLine": trendLine
        case "coverage": coverage
        case "trend": trend
        case "budgetNote": budgetNote
        default: nil
        }
    }
}

extension CoverageView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "sentence": sentence
        case "verifiedNothing": verifiedNothing
        default: nil
        }
    }
}

extension SnapshotView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "takenAt": takenAt
        case "status": status
        case "isPartial": isPartial
        case "label": label
        default: nil
        }
    }
}

extension SummaryView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "severities": severities
        case "total": total
        case "noun": noun
        case "nounTitle": nounTitle
        case "showsCounts": showsCounts
        case "countsProblems": countsProblems
        case "findingsTotal": findingsTotal
        case "scopesList": scopesList
        case "scopesCollected": scopesCollected
        case "scopesFailed": scopesFailed
        case "hasFailedScopes": hasFailedScopes
        case "failedScopes": failedScopes
        default: nil
        }
    }
}

extension SeverityCountView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "severity": severity
        case "count": count
        case "isNonZero": isNonZero
        default: nil
        }
    }
}

extension FindingsSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "groups": groups
        case "isEmpty": isEmpty
        default: nil
        }
    }
}

extension FindingGroupView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "severity": severity
        case "title": title
        case "count": count
        case "folded": folded
        case "rows": rows
        case "moreText": moreText
        default: nil
        }
    }
}

extension FindingRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "severity": severity
        case "kind": kind
        case "ruleId": ruleId
        case "rule": rule
        case "resourceType": resourceType
        case "resourceId": resourceId
        case "logicalId": logicalId
        case "attribute": attribute
        case "scope": scope
        case "expected": expected
        case "actual": actual
        case "expectedJSON": expectedJSON
        case "actualJSON": actualJSON
        case "source": source
        case "hasValues": hasValues
        case "hasSource": hasSource
        case "message": message
        case "remediation": remediation
        case "resource": resource
        case "details": details
        default: nil
        }
    }
}

extension AccessSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "table": table
        case "graph": graph
        case "isEmpty": isEmpty
        case "folded": folded
        default: nil
        }
    }
}

extension ChangesSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "table": table
        case "isEmpty": isEmpty
        case "folded": folded
        case "fromSnapshot": fromSnapshot
        default: nil
        }
    }
}

extension InventorySectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "counts": counts
        case "total": total
        case "tables": tables
        case "goneNote": goneNote
        default: nil
        }
    }
}

extension InventoryCountView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "count": count
        default: nil
        }
    }
}

extension InventoryTableView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "count": count
        case "table": table
        default: nil
        }
    }
}

extension UncheckedSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "notChecked": notChecked
        case "notVerified": notVerified
        case "hasNotChecked": hasNotChecked
        case "hasNotVerified": hasNotVerified
        case "count": count
        default: nil
        }
    }
}

extension TableView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "columns": columns
        case "rows": rows
        case "isEmpty": isEmpty
        case "more": more
        case "moreText": moreText
        default: nil
        }
    }
}

extension RowView: MustacheParent {
    func child(named name: String) -> Any? {
        name == "cells" ? cells : nil
    }
}

extension ProblemsSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "headline": headline
        case "hasPrevious": hasPrevious
        case "newProblems": newProblems
        case "recurring": recurring
        case "resolved": resolved
        case "accepted": accepted
        case "expired": expired
        case "stale": stale
        case "severities": severities
        case "total": total
        case "hasNew": hasNew
        case "hasRecurring": hasRecurring
        case "hasResolved": hasResolved
        case "hasAccepted": hasAccepted
        case "hasExpired": hasExpired
        case "hasStale": hasStale
        default: nil
        }
    }
}

extension ProblemRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "severity": severity
        case "title": title
        case "fix": fix
        case "resource": resource
        case "scope": scope
        case "rules": rules
        case "findings": findings
        case "since": since
        case "source": source
        case "hasSource": hasSource
        case "acceptance": acceptance
        default: nil
        }
    }
}

extension StaleSuppressionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "what": what
        case "reason": reason
        case "owner": owner
        case "source": source
        default: nil
        }
    }
}
