import Foundation

/// One chunk's place in the dense index: its inverted list and its quantized code.
public struct DenseCode: Sendable, Equatable {
    public var chunkID: Int64
    public var list: Int32
    public var code: Data

    public init(chunkID: Int64, list: Int32, code: Data) {
        self.chunkID = chunkID
        self.list = list
        self.code = code
    }
}
