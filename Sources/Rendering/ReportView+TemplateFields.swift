import Mustache

// Every view the report templates read answers its keys as typed values: the streaming renderer reads a field without
// `Any` or `Mirror`, and swift-mustache reads the same answers through `MustacheParent`. Each answers exactly its
// stored properties (`TemplateFieldsTests` checks them against `Mirror`), and a finding row also its two cells worked
// out when read (`resource`, `details`, checked by their own test), so a template, embedded or not, sees the same keys
// either way.

extension ReportView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .title: .text(title)
        case .generatedAt: .text(generatedAt)
        case .snapshot: snapshot.templateValue
        case .comparedWith: TemplateValue(comparedWith)
        case .summary: summary.templateValue
        case .findings: TemplateValue(findings)
        case .access: TemplateValue(access)
        case .changes: TemplateValue(changes)
        case .inventory: TemplateValue(inventory)
        case .unchecked: TemplateValue(unchecked)
        case .problems: TemplateValue(problems)
        case .generator: .text(generator)
        case .trendLine: TemplateValue(trendLine)
        case .coverage: TemplateValue(coverage)
        case .trend: TemplateValue(any: trend)
        case .budgetNote: TemplateValue(budgetNote)
        default: .missing
        }
    }
}

extension CoverageView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .sentence: .text(sentence)
        case .verifiedNothing: .flag(verifiedNothing)
        default: .missing
        }
    }
}

extension SnapshotView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .id: .text(id)
        case .takenAt: .text(takenAt)
        case .status: .text(status)
        case .isPartial: .flag(isPartial)
        case .label: TemplateValue(label)
        default: .missing
        }
    }
}

extension SummaryView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .severities: .list(severities)
        case .total: .number(total)
        case .noun: .text(noun)
        case .nounTitle: .text(nounTitle)
        case .showsCounts: .flag(showsCounts)
        case .countsProblems: .flag(countsProblems)
        case .findingsTotal: .number(findingsTotal)
        case .scopesList: .text(scopesList)
        case .scopesCollected: .number(scopesCollected)
        case .scopesFailed: .number(scopesFailed)
        case .hasFailedScopes: .flag(hasFailedScopes)
        case .failedScopes: failedScopes.templateValue
        default: .missing
        }
    }
}

extension SeverityCountView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .severity: .text(severity)
        case .count: .number(count)
        case .isNonZero: .flag(isNonZero)
        default: .missing
        }
    }
}

extension FindingsSectionView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .groups: .list(groups)
        case .isEmpty: .flag(isEmpty)
        default: .missing
        }
    }
}

extension FindingGroupView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .severity: .text(severity)
        case .title: .text(title)
        case .count: .number(count)
        case .folded: .flag(folded)
        case .rows: .list(rows)
        case .moreText: TemplateValue(moreText)
        default: .missing
        }
    }
}

extension FindingRowView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .severity: .text(severity)
        case .kind: .text(kind)
        case .ruleId: .text(ruleId)
        case .rule: .text(rule)
        case .resourceType: .text(resourceType)
        case .resourceId: .text(resourceId)
        case .logicalId: TemplateValue(logicalId)
        case .attribute: TemplateValue(attribute)
        case .scope: .text(scope)
        case .expected: .text(expected)
        case .actual: .text(actual)
        case .expectedJSON: TemplateValue(expectedJSON)
        case .actualJSON: TemplateValue(actualJSON)
        case .source: .text(source)
        case .hasValues: .flag(hasValues)
        case .hasSource: .flag(hasSource)
        case .message: .text(message)
        case .remediation: TemplateValue(remediation)
        case .resource: .text(resource)
        case .details: .text(details)
        default: .missing
        }
    }

    // Ten thousand rows read a dozen text fields each: lent, the stored strings are not retained and released once
    // per read (those were a quarter of a report's time).
    func withText(_ key: TemplateKey, _ body: (String) -> Void) -> Bool {
        switch key {
        case .severity: body(severity)
        case .kind: body(kind)
        case .ruleId: body(ruleId)
        case .rule: body(rule)
        case .resourceType: body(resourceType)
        case .resourceId: body(resourceId)
        case .scope: body(scope)
        case .expected: body(expected)
        case .actual: body(actual)
        case .source: body(source)
        case .message: body(message)
        case .resource: body(resource)
        case .details: body(details)
        case .logicalId, .attribute, .expectedJSON, .actualJSON, .remediation:
            guard case .text(let text) = field(key) else { return false }
            body(text)
        default: return false
        }
        return true
    }
}

extension AccessSectionView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .table: table.templateValue
        case .graph: TemplateValue(any: graph)
        case .isEmpty: .flag(isEmpty)
        case .folded: .flag(folded)
        default: .missing
        }
    }
}

extension ChangesSectionView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .table: table.templateValue
        case .isEmpty: .flag(isEmpty)
        case .folded: .flag(folded)
        case .fromSnapshot: TemplateValue(fromSnapshot)
        case .nothingCompared: .flag(nothingCompared)
        case .notCompared: TemplateValue(notCompared)
        case .noEarlierSnapshot: .flag(noEarlierSnapshot)
        default: .missing
        }
    }
}

extension InventorySectionView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .counts: .list(counts)
        case .total: .number(total)
        case .tables: .list(tables)
        case .goneNote: TemplateValue(goneNote)
        default: .missing
        }
    }
}

extension InventoryCountView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .kind: .text(kind)
        case .count: .number(count)
        default: .missing
        }
    }
}

extension InventoryTableView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .title: .text(title)
        case .count: .number(count)
        case .table: table.templateValue
        default: .missing
        }
    }
}

extension UncheckedSectionView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .notChecked: notChecked.templateValue
        case .notVerified: notVerified.templateValue
        case .hasNotChecked: .flag(hasNotChecked)
        case .hasNotVerified: .flag(hasNotVerified)
        case .count: .number(count)
        default: .missing
        }
    }
}

extension TableView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .columns: .list(columns)
        case .rows: .list(rows)
        case .isEmpty: .flag(isEmpty)
        case .more: .number(more)
        case .moreText: TemplateValue(moreText)
        default: .missing
        }
    }
}

extension RowView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .cells: .list(cells)
        default: .missing
        }
    }
}

extension ProblemsSectionView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .headline: .text(headline)
        case .hasPrevious: .flag(hasPrevious)
        case .newProblems: .list(newProblems)
        case .recurring: .list(recurring)
        case .resolved: .list(resolved)
        case .accepted: .list(accepted)
        case .expired: .list(expired)
        case .stale: .list(stale)
        case .severities: .list(severities)
        case .total: .number(total)
        case .hasNew: .flag(hasNew)
        case .hasRecurring: .flag(hasRecurring)
        case .hasResolved: .flag(hasResolved)
        case .hasAccepted: .flag(hasAccepted)
        case .hasExpired: .flag(hasExpired)
        case .hasStale: .flag(hasStale)
        default: .missing
        }
    }
}

extension ProblemRowView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .id: .text(id)
        case .severity: .text(severity)
        case .title: .text(title)
        case .fix: .text(fix)
        case .resource: .text(resource)
        case .scope: .text(scope)
        case .rules: .text(rules)
        case .findings: .number(findings)
        case .since: .text(since)
        case .source: .text(source)
        case .hasSource: .flag(hasSource)
        case .acceptance: .text(acceptance)
        default: .missing
        }
    }
}

extension StaleSuppressionView: TemplateFields {
    func field(_ key: TemplateKey) -> TemplateValue {
        switch key {
        case .what: .text(what)
        case .reason: .text(reason)
        case .owner: .text(owner)
        case .source: .text(source)
        default: .missing
        }
    }
}
