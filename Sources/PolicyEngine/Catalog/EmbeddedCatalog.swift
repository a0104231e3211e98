/// The catalog text that Scripts/generate-catalog writes into Generated/CatalogData.swift.
/// A `StaticString` lives in the binary's read-only data, so reading it copies nothing and
/// touches only the pages of the services a run looks at.
enum EmbeddedCatalog {
    static var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}
