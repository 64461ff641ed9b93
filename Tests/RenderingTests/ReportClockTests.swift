import Foundation
import Rendering
import Testing

@Suite struct ReportClockTests {
    static let pinned = ["SOURCE_DATE_EPOCH": "1795000000"]

    @Test func sourceDateEpochIsTheGenerationTime() throws {
        let time = try ReportClock.generationTime(environment: Self.pinned, now: Date(timeIntervalSince1970: 5))
        #expect(time == Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test func withoutItTheClockIsNow() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_123)
        #expect(try ReportClock.generationTime(environment: [:], now: now) == now)
        #expect(try ReportClock.generationTime(environment: ["SOURCE_DATE_EPOCH": ""], now: now) == now)
    }

    @Test(arguments: ["yesterday", "-1", "1.5", "0x10", "99999999999999999999999"])
    func aMalformedValueIsAnErrorNotToday(_ value: String) {
        #expect(throws: RenderingError.invalidSourceDateEpoch(value: value)) {
            try ReportClock.generationTime(environment: ["SOURCE_DATE_EPOCH": value])
        }
    }

    /// The same snapshot rendered on two different days, a second or a month apart, gives the same bytes in every format.
    @Test func everyFormatIsByteIdenticalOnAnyDay() throws {
        func render(on day: Date) throws -> [String] {
            var report = ReportFixtures.report()
            report.generatedAt = try ReportClock.generationTime(environment: Self.pinned, now: day)
            report.plinvVersion = "0.1.0"
            let renderers: [any ReportRenderer] =
                try ReportFormat.allCases.map { try $0.makeRenderer() } + [TextRenderer()]
            return try renderers.map { try $0.render(report) }
        }
        let today = Date()
        let first = try render(on: today)
        #expect(try render(on: today.addingTimeInterval(1)) == first)
        #expect(try render(on: today.addingTimeInterval(31 * 86_400)) == first)
        // The control: without the variable, two renders a second apart differ.
        var unpinned = ReportFixtures.report()
        unpinned.generatedAt = try ReportClock.generationTime(environment: [:], now: today)
        let earlier = try JSONRenderer().render(unpinned)
        unpinned.generatedAt = try ReportClock.generationTime(environment: [:], now: today.addingTimeInterval(1))
        #expect(try JSONRenderer().render(unpinned) != earlier)
    }
}
