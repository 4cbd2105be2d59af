@_exported import QualKitCore
