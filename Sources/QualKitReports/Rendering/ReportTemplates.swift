import Foundation
import Mustache

/// The Mustache templates and the stylesheet of the HTML report: the defaults built into the library, or
/// a centre's own, read from a folder (`qualkit report --templates DIR`) where each file it holds replaces
/// the default of that name.
///
/// The files, and the variables each template is given (the contract a centre's templates rely on), are
/// listed in the *HTML reports* article. Every variable is HTML-escaped by `{{name}}`; only the stylesheet
/// is inserted as it is (`{{{stylesheet}}}`), inside `<style>`.
package struct ReportTemplates: Sendable {
    /// The file names a template folder may hold: the page templates, their partials and the stylesheet.
    package static let fileNames = [
        "dashboard.mustache", "worksheet.mustache", "learners.mustache",
        "qualification.mustache", "block.mustache", "chart.mustache",
        "learner-list.mustache", "style.css"
    ]

    let library: MustacheLibrary
    /// The stylesheet's text, put inside each page's `<style>`.
    let stylesheet: String

    /// A template folder's problem: the file, and where in it when the parser knows.
    package struct Failure: Error, CustomStringConvertible, Sendable {
        /// The file's path.
        package var file: String
        /// Line and column (from 1), when the problem is in the text.
        package var line: Int?
        package var column: Int?
        /// What is wrong and what to do.
        package var message: String
        package var description: String {
            let place = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
            return "\(file)\(place): error: \(message)"
        }
    }

    /// The built-in templates and stylesheet as files, by name, for a centre to start from.
    package static var exportedFiles: [(name: String, text: String)] {
        defaultFiles.keys.sorted().map { (name: $0, text: defaultFiles[$0]! + "\n") }
    }

    /// The built-in templates.
    package static func builtIn() -> ReportTemplates {
        // The defaults are checked by a test: they parse.
        (try? ReportTemplates(files: defaultFiles, shownAs: { "<built-in>/\($0)" }))!
    }

    /// The templates of `folder`: each of `fileNames` it holds replaces the default; any other file in
    /// it is an error (a misspelt name would otherwise be ignored without a word).
    package init(folder: String) throws(Failure) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(
                file: folder,
                message: "no such template folder; give a folder holding some of "
                    + Self.fileNames.joined(separator: ", "))
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted() } catch {
            throw Failure(file: folder, message: "cannot read the template folder: \(error.localizedDescription)")
        }
        var files = Self.defaultFiles
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard Self.fileNames.contains(name) else {
                throw Failure(
                    file: path,
                    message: "not a report template; the names are "
                        + Self.fileNames.joined(separator: ", ") + " (rename or remove it)")
            }
            let type = (try? fm.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            guard type == .typeRegular else {
                throw Failure(file: path, message: "not a regular file; give the template as a file")
            }
            guard let data = fm.contents(atPath: path) else {
                throw Failure(file: path, message: "cannot read the file (is it a readable file?)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw Failure(file: path, message: "the file is not UTF-8 text; save it as UTF-8")
            }
            files[name] = text
        }
        try self.init(files: files, shownAs: { (folder as NSString).appendingPathComponent($0) })
    }

    /// Templates from file name → text.
    init(files: [String: String], shownAs: (String) -> String) throws(Failure) {
        var library = MustacheLibrary()
        for (name, text) in files where name.hasSuffix(".mustache") {
            do {
                library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw Failure(
                    file: shownAs(name), line: error.context.lineNumber, column: error.context.columnNumber,
                    message: "the template does not parse (\(error.error)); check the tags near here")
            } catch {
                throw Failure(file: shownAs(name), message: "the template does not parse (\(error))")
            }
        }
        self.library = library
        stylesheet = files["style.css"] ?? ""
        // A stylesheet is inserted unescaped inside <style>: a closing tag in it would end the element.
        if stylesheet.range(of: "</style", options: .caseInsensitive) != nil {
            throw Failure(file: shownAs("style.css"), message: "the stylesheet contains '</style'; remove it")
        }
    }

    /// `context` rendered with the template `name` (`dashboard`, `worksheet` or `learners`).
    func render(_ name: String, _ context: [String: Any]) -> String {
        var context = context
        context["stylesheet"] = stylesheet
        return library.render(context, withTemplate: name) ?? ""
    }
}
