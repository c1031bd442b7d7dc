// The chapter as notebooks, run headless through our kernel by nbclient: no errors, every number the script suite checks
// read back from the executed notebook and checked the same way, every chart an image/png of its stated size, and one
// page exported to HTML and rendered by headless Chromium with its pictures decoded and not blank.
using System.Diagnostics;
using System.Text.Json;
using Mnist.Scripting.Dsl;
using SkiaSharp;

namespace Mnist.Scripting.Tests.Scripts;

[Category("Scripts")]
[NonParallelizable]
public class NotebookTests
{
    const string Python = "/usr/bin/python3";
    static string work = "", executed = "";
    static JsonElement summary, fsharpSummary;

    [OneTimeSetUp]
    public void ExecuteAllNotebooks()
    {
        if (!File.Exists(Python) || Launch(Python, ["-c", "import nbclient, nbformat"], TimeSpan.FromSeconds(60)).Code != 0)
            Requirements.Missing($"{Python} lacks nbclient (Debian: apt-get install python3-nbclient python3-jupyter-client)");
        work = Directory.CreateTempSubdirectory("mnist-notebooks-").FullName;
        executed = RepoPaths.Under("artifacts", "executed-notebooks");
        var (code, output) = Launch("dotnet", [Path.Combine(AppContext.BaseDirectory, "mnist-scripting.dll"), "jupyter", "install", "--prefix", work], TimeSpan.FromSeconds(60));
        Assert.That(code, Is.Zero, output);
        var clock = Stopwatch.StartNew();
        (code, output) = Launch(Python, [RepoPaths.Under("tests", "jupyter", "execute_notebooks.py"), executed], TimeSpan.FromMinutes(20));
        TestContext.Progress.WriteLine($"[Scripts] {Checks.Count} notebooks executed headless in {clock.Elapsed.TotalSeconds:F0} s:\n{output.TrimEnd()}");
        var file = Path.Combine(executed, "summary.json");
        Assert.That(File.Exists(file), Is.True, $"execute_notebooks.py wrote no summary (exit {code}):\n{output}");
        summary = JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();
        // The F# notebooks (notebooks/fsharp, generated from scripts/fsharp) through the F# kernel.
        var fsharpOut = Path.Combine(executed, "fsharp");
        var notebooks = Directory.GetFiles(RepoPaths.Under("notebooks", "fsharp"), "*.ipynb").Order(StringComparer.Ordinal).ToArray();
        clock.Restart();
        (code, output) = Launch(Python, [RepoPaths.Under("tests", "jupyter", "execute_notebooks.py"), fsharpOut, .. notebooks], TimeSpan.FromMinutes(20));
        TestContext.Progress.WriteLine($"[Scripts] {notebooks.Length} F# notebooks executed headless in {clock.Elapsed.TotalSeconds:F0} s:\n{output.TrimEnd()}");
        file = Path.Combine(fsharpOut, "summary.json");
        Assert.That(File.Exists(file), Is.True, $"execute_notebooks.py wrote no summary for the F# notebooks (exit {code}):\n{output}");
        fsharpSummary = JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (work != "") Directory.Delete(work, recursive: true);
        TestContext.Progress.WriteLine($"[Scripts] notebook values checked against the book: {BookTable.QuietChecks}");
    }

    (int Code, string Output) Launch(string file, string[] args, TimeSpan limit)
    {
        var env = new Dictionary<string, string>();
        if (work != "")
        {
            env["JUPYTER_PATH"] = Path.Combine(work, "share", "jupyter");
            env["JUPYTER_RUNTIME_DIR"] = Path.Combine(work, "runtime");
            env["MNIST_SCRIPTING_HOME"] = Path.Combine(work, "home");
            env[DslOutput.PlotsVariable] = Path.Combine(work, "plots");
            if (RepoPaths.SharedData is { } shared) env["MNIST_SCRIPTING_MIRROR"] = shared;
        }
        var (code, output, _) = ChildProcess.Run(file, args, limit, env);
        return (code, output);
    }

    // Each notebook is checked with its script's own checks (in quiet mode: no table rows of their own).
    static readonly Dictionary<string, Action<ScriptResult>> Checks = new()
    {
        ["01_data"] = r => ChapterScriptTests.CheckData("01", r),
        ["02_pixel_similarity"] = r => ChapterScriptTests.CheckPixelSimilarity("02", r, "three_tensors_1", "mean3", "mean7", "a_3"),
        ["03_arrays_and_tensors"] = r => ChapterScriptTests.CheckArraysAndTensors("03", r),
        ["04_broadcasting_baseline"] = r => ChapterScriptTests.CheckBroadcastingBaseline("04", r),
        ["05_sgd_on_a_square"] = r => ChapterScriptTests.CheckSgdOnASquare("05", r),
        ["06_roller_coaster"] = r => ChapterScriptTests.CheckRollerCoaster("06", r),
        ["07_mnist_loss"] = r => TrainingScriptTests.CheckMnistLoss("07", r),
        ["08_mini_batches"] = r => TrainingScriptTests.CheckMiniBatches("08", r),
        ["09_linear_from_scratch"] = r => TrainingScriptTests.CheckLinearFromScratch("09", r),
        ["10_optimizer_and_learner"] = r => TrainingScriptTests.CheckOptimizerAndLearner("10", r),
        ["11_simple_net"] = r => TrainingScriptTests.CheckSimpleNet("11", r),
        ["12_full_mnist"] = r => TrainingScriptTests.CheckFullMnist("12", r),
        ["13_all_digits"] = r => TrainingScriptTests.CheckAllDigits("13", r),
    };

    // The F# twins show fewer pictures in step 2 (the F# scripts' own checks, FSharpScriptTests).
    static readonly Dictionary<string, Action<ScriptResult>> FSharpChecks = new(Checks)
    {
        ["02_pixel_similarity"] = r => ChapterScriptTests.CheckPixelSimilarity("F# 02", r, "mean3", "a_3"),
    };

    static IEnumerable<string> Notebooks() => Checks.Keys;

    [TestCaseSource(nameof(Notebooks))]
    public void RunsCleanAndGivesTheBooksNumbers(string name) => Check(summary, name, Checks[name]);

    /// <summary>The F# notebooks, checked as their scripts are (scripts/fsharp print their values as #report lines).</summary>
    [TestCaseSource(nameof(Notebooks))]
    public void FSharpNotebookRunsCleanAndGivesTheBooksNumbers(string name)
    {
        Check(fsharpSummary, name, FSharpChecks[name]);
        if (name == "02_pixel_similarity")
        {
            var stdout = fsharpSummary.GetProperty(name).GetProperty("stdout").GetString() ?? "";
            Assert.That(Prelude.ParseReports(stdout)["pixels_4_10"], Is.EqualTo(ChapterScriptTests.Im3Pixels), "the F# slice im3[4..9, 4..9]");
        }
    }

    static void Check(JsonElement executedSummary, string name, Action<ScriptResult> check)
    {
        Assert.That(executedSummary.TryGetProperty(name, out var nb), Is.True, $"{name} was not executed");
        var errors = nb.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(errors, Is.Empty, $"{name} has error outputs");
        var stdout = nb.GetProperty("stdout").GetString() ?? "";
        // Values recorded by Show() come in the display metadata; Report() lines in the text count too.
        var reports = new Dictionary<string, string>(Prelude.ParseReports(stdout));
        foreach (var p in nb.GetProperty("reports").EnumerateObject()) reports[p.Name] = p.Value.GetString()!;
        var images = nb.GetProperty("images").EnumerateArray().ToList();
        foreach (var img in images)
        {
            Assert.That(img.GetProperty("png_width").GetInt32(), Is.Positive, $"{name}: an image/png output is not a PNG");
            Assert.That((img.GetProperty("width").GetInt32(), img.GetProperty("height").GetInt32()),
                Is.EqualTo((img.GetProperty("png_width").GetInt32(), img.GetProperty("png_height").GetInt32())), $"{name}: the stated size is the PNG's");
        }
        var plots = images.Select(i => Path.GetFileName(i.GetProperty("path").GetString() ?? "")).ToList();
        var r = new ScriptResult(name + ".ipynb", 0, stdout, "", reports, plots, TimeSpan.FromSeconds(nb.GetProperty("seconds").GetDouble()));
        using (BookTable.Quiet()) check(r);
    }

    [TestCase("")]
    [TestCase("fsharp")]
    public void AnExportedPageShowsItsChartsInABrowser(string folder)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (chromium is null) Requirements.Missing("Chromium is not installed (Debian: apt-get install chromium)");
        var html = Path.Combine(work, "html", folder);
        var (code, output) = Launch(Python, ["-m", "nbconvert", "--to", "html", "--output-dir", html, Path.Combine(executed, folder, "06_roller_coaster.ipynb")], TimeSpan.FromMinutes(2));
        if (code != 0 && output.Contains("No module named nbconvert")) Requirements.Missing("nbconvert is not installed (Debian: apt-get install jupyter-nbconvert)");
        Assert.That(code, Is.Zero, output);
        // A probe records each picture's decoded size and place once the page has loaded; --dump-dom shows it.
        var page = Path.Combine(html, "06_roller_coaster.html");
        File.WriteAllText(page, File.ReadAllText(page).Replace("</body>", """
            <script>window.addEventListener('load', () => document.body.setAttribute('data-images', JSON.stringify(
              [...document.images].map(i => { const r = i.getBoundingClientRect();
                return [i.naturalWidth, i.naturalHeight, Math.round(r.left), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)]; }))));</script></body>
            """));
        string[] browser = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,6000"];
        (code, output) = Launch(chromium, [.. browser, "--dump-dom", "file://" + page], TimeSpan.FromMinutes(2));
        var match = System.Text.RegularExpressions.Regex.Match(output, "data-images=\"([^\"]*)\"");
        Assert.That(match.Success, Is.True, $"the page's probe did not run:\n{output[..Math.Min(output.Length, 2000)]}");
        var boxes = JsonSerializer.Deserialize<int[][]>(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value))!;
        Assert.That(boxes, Has.Length.EqualTo(2), "06 shows the speed scatter and the four-panel figure");
        Assert.That(boxes.All(b => b[0] > 0 && b[1] > 0), Is.True, "every picture decoded (natural size > 0)");
        var shot = Path.Combine(html, "page.png");
        (code, output) = Launch(chromium, [.. browser, "--screenshot=" + shot, "file://" + page], TimeSpan.FromMinutes(2));
        Assert.That(File.Exists(shot), Is.True, output);
        using var bitmap = SKBitmap.Decode(shot);
        foreach (var b in boxes)
        {
            // The pixels where each picture sits must vary: a blank or broken image would be one flat colour.
            var values = new List<double>();
            for (int y = b[3]; y < Math.Min(b[3] + b[5], bitmap.Height); y += 2)
                for (int x = b[2]; x < Math.Min(b[2] + b[4], bitmap.Width); x += 2)
                {
                    var c = bitmap.GetPixel(x, y);
                    values.Add((c.Red + c.Green + c.Blue) / 3.0);
                }
            Assert.That(values, Is.Not.Empty, "the picture lies inside the screenshot");
            double mean = values.Average(), variance = values.Average(v => (v - mean) * (v - mean));
            TestContext.Progress.WriteLine($"[Scripts] browser: image {b[0]}x{b[1]} at ({b[2]}, {b[3]}), pixel variance {variance:F0}");
            Assert.That(variance, Is.GreaterThan(100), "the picture is not blank in the rendered page");
        }
    }
}
