import Foundation

/// The layout of the SVG trend chart: services, connections, endpoints and findings per stored snapshot.
///
/// All coordinates are whole numbers in a fixed view box, so the markup is the same on every machine.
struct TrendChart {
    let width = 720
    let height = 300
    let left = Self.plot.left
    let right = Self.plot.right
    let top = Self.plot.top
    let bottom = Self.plot.bottom
    let yTicks: [Tick]
    let xTicks: [Tick]
    let series: [TrendSeries]
    /// One sentence for `<title>`: what the chart shows and its range.
    let summary: String
    let xAxisTitle = "snapshot (id, date taken)"
    let yAxisTitle = "count"
    let xAxisTitleY = 290
    let yAxisTitleX = 14
    let yAxisTitleY = 126

    init(_ points: [TrendPoint]) {
        let points = points.sorted { ($0.takenAt, $0.snapshotId) < ($1.takenAt, $1.snapshotId) }
        let maximum = points.flatMap { [$0.services, $0.connections, $0.endpoints, $0.findings] }.max() ?? 0
        let step = Self.tickStep(for: maximum)
        let ceiling = max(step, (maximum + step - 1) / step * step)
        let (left, right, top, bottom) = Self.plot
        func x(_ index: Int) -> Int {
            points.count == 1 ? (left + right) / 2 : left + 8 + index * (right - left - 16) / (points.count - 1)
        }
        func y(_ value: Int) -> Int { bottom - value * (bottom - top) / ceiling }

        yTicks = stride(from: 0, through: ceiling, by: step).map {
            Tick(x: left, y: y($0), label: ValueText.count($0), sublabel: "")
        }
        let labelEvery = max(1, (points.count + 7) / 8)
        xTicks = points.indices.filter { $0 % labelEvery == 0 || $0 == points.count - 1 }.map { index in
            Tick(
                x: x(index), y: bottom, label: "#\(points[index].snapshotId)",
                sublabel: String(ValueText.date(points[index].takenAt).prefix(10)))
        }
        let drawsMarkers = points.count <= 60
        series = TrendSeries.Metric.allCases.map { metric in
            let coordinates = points.enumerated().map { (x($0.offset), y(metric.value(of: $0.element))) }
            return TrendSeries(
                name: metric.rawValue, cssClass: "s-\(metric.rawValue)",
                points: coordinates.map { "\($0.0),\($0.1)" }.joined(separator: " "),
                markers: drawsMarkers
                    ? zip(points, coordinates).map { point, xy in
                        TrendMarker(
                            path: metric.markerPath(x: xy.0, y: xy.1),
                            title: "\(metric.rawValue): \(metric.value(of: point)) in snapshot #\(point.snapshotId), "
                                + ValueText.date(point.takenAt))
                    } : [],
                legendMarker: metric.markerPath(x: 20, y: 7),
                latest: points.last.map(metric.value) ?? 0)
        }
        let range = points.first.map { first in
            "from \(ValueText.date(first.takenAt)) to \(ValueText.date(points.last?.takenAt ?? first.takenAt))"
        }
        summary = "Services, connections, endpoints and findings in \(points.count) stored snapshots \(range ?? "")"
    }

    /// The plot area inside the view box.
    private static let plot = (left: 56, right: 672, top: 16, bottom: 236)

    /// A tick step of 1, 2 or 5 × 10ⁿ giving at most five steps up to `maximum`.
    static func tickStep(for maximum: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where maximum <= factor * magnitude * 5 {
                return factor * magnitude
            }
            magnitude *= 10
        }
    }
}

/// A labelled tick on an axis.
struct Tick {
    let x: Int
    let y: Int
    let label: String
    let sublabel: String
}

/// One line of the trend chart.
struct TrendSeries {
    /// What a series counts; each is drawn with its own colour, dash pattern and marker shape.
    enum Metric: String, CaseIterable {
        case services, connections, endpoints, findings

        func value(of point: TrendPoint) -> Int {
            switch self {
            case .services: point.services
            case .connections: point.connections
            case .endpoints: point.endpoints
            case .findings: point.findings
            }
        }

        /// A marker shape centred on (x, y): circle, square, triangle, diamond.
        func markerPath(x: Int, y: Int) -> String {
            switch self {
            case .services: "M\(x - 4),\(y) a4,4 0 1,0 8,0 a4,4 0 1,0 -8,0 Z"
            case .connections: "M\(x - 4),\(y - 4) h8 v8 h-8 Z"
            case .endpoints: "M\(x),\(y - 5) l5,9 h-10 Z"
            case .findings: "M\(x),\(y - 5) l5,5 l-5,5 l-5,-5 Z"
            }
        }
    }

    let name: String
    let cssClass: String
    let points: String
    let markers: [TrendMarker]
    /// The marker shape centred in the legend's 40 × 14 sample.
    let legendMarker: String
    /// The value in the newest snapshot, shown in the legend.
    let latest: Int
}

/// One point's marker with its hover text.
struct TrendMarker {
    let path: String
    let title: String
}
