import Mustache
import Testing

@testable import Rendering

/// The views answer template keys without `Mirror`; a key they forgot would render as missing, so each must answer
/// exactly what `Mirror` sees.
@Suite struct MustacheParentTests {
    /// Every view of a report with every section, and the values nested in them.
    static func views() -> [Any] {
        var views: [Any] = []
        func collect(_ value: Any) {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional || mirror.displayStyle == .collection {
                mirror.children.forEach { collect($0.value) }
                return
            }
            guard mirror.displayStyle == .struct, value is any MustacheParent else { return }
            views.append(value)
            mirror.children.forEach { collect($0.value) }
        }
        collect(ReportView(HostileInputTests.report(), limits: .unlimited))
        collect(ReportView(ReportFixtures.report(), limits: .unlimited))
        return views
    }

    @Test func everyViewAnswersExactlyItsStoredProperties() {
        let views = Self.views()
        let types = Set(views.map { "\(type(of: $0))" })
        #expect(types.count >= 15, "views found: \(types.sorted())")
        for view in views {
            guard let parent = view as? any MustacheParent else { continue }
            for child in Mirror(reflecting: view).children {
                guard let label = child.label else { continue }
                let answered = parent.child(named: label).map { String(describing: $0) }
                let stored =
                    Mirror(reflecting: child.value).displayStyle == .optional
                    ? Mirror(reflecting: child.value).children.first.map { String(describing: $0.value) }
                    : String(describing: child.value)
                #expect(answered == stored, "\(type(of: view)).\(label)")
            }
            #expect(parent.child(named: "noSuchKey") == nil)
        }
    }
}
