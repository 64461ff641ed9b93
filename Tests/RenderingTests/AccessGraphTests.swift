import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

/// The who-can-connect picture: who may connect and who does, untrusted parties marked, no crossing lines, nothing cut.
@Suite struct AccessGraphTests {
    static let longRole = "arn:aws:iam::777788889999:role/a-very-long-role-name-for-the-orders-consumer-application"

    /// Two services: one with principals (one untrusted, one a long role ARN) and consumers in several states, one with none.
    static func report() -> ReportInput {
        var report = ReportFixtures.report()
        let scope = ReportFixtures.scope
        report.whoCanConnect = [
            ServiceAccess(
                scope: scope, serviceId: "vpce-svc-0a1b2c3d4e5f60718",
                serviceName: "com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f60718",
                acceptanceRequired: false,
                allowedPrincipals: [
                    "arn:aws:iam::444455556666:root", "arn:aws:iam::999999999999:root" + ServiceAccess.notTrustedNote,
                    longRole,
                ],
                connections: [
                    ConsumerConnection(account: "444455556666", vpcEndpointId: "vpce-1", state: "available"),
                    ConsumerConnection(account: "444455556666", vpcEndpointId: "vpce-2", state: "available"),
                    ConsumerConnection(
                        account: "777788889999" + ServiceAccess.notAllowedNote, vpcEndpointId: "vpce-3",
                        state: "pendingAcceptance"),
                    ConsumerConnection(account: "222233334444", vpcEndpointId: "vpce-4", state: "rejected"),
                    ConsumerConnection(account: "222233334444", vpcEndpointId: "vpce-5", state: "failed"),
                ]),
            ServiceAccess(
                scope: Scope(account: ReportFixtures.owner, region: "us-east-1"), serviceId: "vpce-svc-0ffff",
                serviceName: "x",
                acceptanceRequired: true, allowedPrincipals: [], connections: []),
        ]
        return report
    }

    /// The `<svg>` of the who-can-connect section.
    static func svg(_ html: String) throws -> String {
        let section = try #require(html.range(of: "<section id=\"who-can-connect\""))
        let start = try #require(html.range(of: "<svg", range: section.upperBound..<html.endIndex))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func showsAllowedPrincipalsAndConnectionsWithUntrustedOnesMarked() throws {
        let svg = try Self.svg(try HTMLRenderer().render(Self.report()))
        #expect(
            svg.components(separatedBy: "class=\"edge edge-allowed\"").count - 1 == 3, "one line per allowed principal")
        #expect(svg.contains("class=\"edge edge-available\"") && svg.contains("class=\"edge edge-pendingAcceptance\""))
        #expect(svg.contains("class=\"edge edge-rejected\"") && svg.contains("class=\"edge edge-other\""))
        #expect(
            svg.components(separatedBy: "class=\"node party untrusted\"").count - 1 == 2,
            "the untrusted principal and the no-longer-allowed account")
        #expect(svg.contains("allowed principal · NOT TRUSTED"))
        #expect(svg.contains("NOT ALLOWED NOW"))
        #expect(svg.contains("nobody is allowed and nobody has connected"))
    }

    @Test func identifiersAreWholeEvenWhenTheyBreakOntoASecondLine() throws {
        let svg = try Self.svg(try HTMLRenderer().render(Self.report()))
        let texts = svg.matches(of: try Regex(#"<text class="label" x="10" y="\d+">([^<]*)</text>"#)).map {
            String(svg[$0.range])
        }
        let joined = svg.replacingOccurrences(
            of: #"</text><text class="label" x="10" y="\d+">"#, with: "", options: .regularExpression)
        #expect(joined.contains(Self.longRole), "the long role ARN reads whole across its lines")
        #expect(!svg.contains("…"), "nothing is cut")
        #expect(texts.count >= 8)
    }

    @Test func noTwoLinesCrossOrOverlap() throws {
        var report = Self.report()
        report.whoCanConnect?[0].connections += (0..<20).map {
            ConsumerConnection(
                account: String(format: "1000000000%02d", $0), vpcEndpointId: "vpce-x\($0)",
                state: $0 % 2 == 0 ? "available" : "pendingAcceptance")
        }
        let svg = try Self.svg(try HTMLRenderer().render(report))
        // Every edge is "M laneX,top V middle H boxX": a vertical segment, then a horizontal one.
        let pattern = try Regex(#"d="M(\d+),(\d+) V(\d+) H(\d+)""#)
        let edges: [(x: Int, top: Int, middle: Int, right: Int)] = svg.matches(of: pattern).map { match in
            let numbers = String(svg[match.range]).split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            return (numbers[0], numbers[1], numbers[2], numbers[3])
        }
        #expect(edges.count == 3 + 4 + 20)
        for (i, a) in edges.enumerated() {
            for b in edges[(i + 1)...] where a.top == b.top {
                #expect(a.x != b.x, "two lanes share x=\(a.x)")
                #expect(a.middle != b.middle, "two rows share y=\(a.middle)")
                // A's vertical segment crosses B's horizontal one when B's row is above A's end, right of A's lane.
                for (v, h) in [(a, b), (b, a)] {
                    let crosses = h.x < v.x && v.x < h.right && v.top < h.middle && h.middle < v.middle
                    #expect(!crosses, "lane at x=\(v.x) crosses the row at y=\(h.middle)")
                }
            }
        }
    }

    @Test func thePictureIsPhoneSizedAndScales() throws {
        let svg = try Self.svg(try HTMLRenderer().render(Self.report()))
        let viewBox = try #require(svg.firstMatch(of: try Regex(#"viewBox="0 0 (\d+) (\d+)""#)))
        let width = try #require(Int(String(svg[viewBox.range]).split(separator: " ")[2]))
        #expect(width >= 360 && width <= 720, "view box width \(width)")
        #expect(
            !svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width="),
            "no fixed pixel size: the view box scales")
    }
}
