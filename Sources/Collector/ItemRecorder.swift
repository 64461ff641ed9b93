import AWSQuery
import PrivateLinkModel

/// Records the items of one listing into a scope's recorder: each is digested as received, and only a record
/// whose digest changed is read and written as canonical JSON, by scanning its bytes when it holds only elements
/// and text (its references checked as the node reader checks them), else read strictly into nodes first. One per
/// listing task (it reuses its buffers).
struct ItemRecorder<Recorder: ScopeRecorder> {
    let listing: ResourceListing
    let recorder: Recorder
    /// Records only the first item of each id, so that a page the service repeats does not double a resource.
    let firstOfEachId: Bool
    private let writer: RecordWriter
    private var seen: Set<String> = []
    /// The element names of the items read into nodes so far, reused from item to item.
    private var names = XMLNameTable()
    /// The elements of the item being written, reused from item to item.
    private var elements = XMLElementIndex()
    /// How many resources were recorded.
    private(set) var recorded = 0

    init(_ listing: ResourceListing, into recorder: Recorder, firstOfEachId: Bool = false) {
        self.listing = listing
        self.recorder = recorder
        self.firstOfEachId = firstOfEachId
        self.writer = RecordWriter(listing.shape)
    }

    /// Records `item`, the `index`th of its page; `serviceId` is the `ServiceId` a permission lacking one gets.
    ///
    /// Returns the item's index when recording it read the item whole (a new or changed record), to read more values
    /// from it without scanning its bytes again; nil otherwise. Like the item, it is valid only inside the
    /// `withUnsafeBytes` of the page's document.
    /// - Throws: `CollectorError` for a value that does not fit its shape; `XMLNode.ParseError` for an item that
    ///   is not well-formed; the recorder's error for a resource listed twice.
    @discardableResult
    mutating func record(_ item: XMLElementBytes, index: Int, serviceId: String? = nil) throws -> XMLElementIndex? {
        let id = try listing.id(of: item, serviceId: serviceId)
        if firstOfEachId {
            guard seen.insert(id).inserted else { return nil }
        }
        let digest = writer.digest(item)
        if try recorder.carryForward(listing.kind, id: id, digest: digest) {
            recorded += 1
            return nil
        }
        let extra = serviceId.map { (name: "ServiceId", value: $0) }
        let indexed = try elements.read(item)
        let json =
            indexed
            ? try writer.writeCanonicalJSON(elements, index: index, adding: extra)
            : try writer.writeCanonicalJSON(try item.node(names: &names), index: index, adding: extra)
        try recorder.record(listing.kind, id: id, digest: digest, canonicalJSON: json)
        recorded += 1
        return indexed ? elements : nil
    }
}
