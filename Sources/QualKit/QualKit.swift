@_exported import QualKitCore
@_exported import QualKitSpecs
@_exported import QualKitLearners
@_exported import QualKitReports
