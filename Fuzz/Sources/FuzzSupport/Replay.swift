import Foundation

/// Runs every input file through `body`: the files and directories in `arguments`, or `defaultCorpus`
/// when there are none. What the fuzz targets do when built without `-DFUZZING`, so that a crash input
/// kept in a corpus stays a regression check. Returns how many inputs ran.
@discardableResult
public func replayCorpus(_ arguments: ArraySlice<String>, defaultCorpus: String,
                         _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
    let paths = arguments.isEmpty ? [defaultCorpus] : Array(arguments)
    var count = 0
    for p in paths {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { continue }
        let files = isDir.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).sorted().map { "\(p)/\($0)" } : [p]
        for f in files {
            guard let d = FileManager.default.contents(atPath: f) else { continue }
            Array(d).withUnsafeBufferPointer { body($0) }
            count += 1
        }
    }
    print("replayed \(count) inputs")
    if count == 0 {   // a wrong path must not pass as a clean replay
        FileHandle.standardError.write(Data("no inputs found in \(paths.joined(separator: ", "))\n".utf8))
        exit(1)
    }
    return count
}
