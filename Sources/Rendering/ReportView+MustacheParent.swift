import Mustache

// The views repeated once per finding or row answer the template's keys directly: swift-mustache otherwise
// reads every key through `Mirror`, which the bench measured as most of an HTML report's cost.

extension FindingRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "severity": severity
        case "kind": kind
        case "rule": rule
        case "ruleId": ruleId
        case "expectedJSON": expectedJSON
        case "actualJSON": actualJSON
        case "resourceType": resourceType
        case "resourceId": resourceId
        case "logicalId": logicalId
        case "attribute": attribute
        case "scope": scope
        case "expected": expected
        case "actual": actual
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
