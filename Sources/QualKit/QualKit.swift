@_exported import QualKitCore
@_exported import QualKitSpecs
@_exported import QualKitLearners
