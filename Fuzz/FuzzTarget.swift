// The libFuzzer entry point; Scripts/fuzz compiles it with the PolicyEngine sources and
// Tests/PolicyEngineTests/Fuzz/FuzzPipeline.swift into one instrumented binary.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzPipeline.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
