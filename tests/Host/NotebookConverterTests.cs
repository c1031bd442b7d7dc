// The percent-format converter: cells and prose come out as Jupyter writes them, #load follows the notebook, bad input
// is refused, and the committed notebooks are exactly what converting the scripts gives today.
using System.Text.Json;
using Mnist.Scripting.Host;

namespace Mnist.Scripting.Tests.Host;

[Parallelizable]
public class NotebookConverterTests
{
    [Test]
    public void CellsAndProseComeOutAsWritten()
    {
        var cells = NotebookConverter.Parse("""
            // header comment, left out
            // %% [markdown]
            // # Title
            //
            // Prose with `code`.

            // %%
            #load "common/sample.csx"
            var x = 1;

            // %%
            x + 1
            """, load => "../scripts/" + load);
        Assert.That(cells.Select(c => c.Kind), Is.EqualTo(new[] { "markdown", "code", "code" }));
        Assert.That(cells[0].Source, Is.EqualTo("# Title\n\nProse with `code`."));
        Assert.That(cells[1].Source, Is.EqualTo("#load \"../scripts/common/sample.csx\"\nvar x = 1;"));
        Assert.That(cells[2].Source, Is.EqualTo("x + 1"));
        using var doc = JsonDocument.Parse(NotebookConverter.ToJson(cells, "05_x"));
        var root = doc.RootElement;
        Assert.That((root.GetProperty("nbformat").GetInt32(), root.GetProperty("nbformat_minor").GetInt32()), Is.EqualTo((4, 5)));
        Assert.That(root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString(), Is.EqualTo("mnist-scripting"));
        var code = root.GetProperty("cells")[1];
        Assert.That(code.GetProperty("id").GetString(), Is.EqualTo("05-x-02"));
        Assert.That(code.GetProperty("outputs").GetArrayLength(), Is.Zero);
        Assert.That(code.GetProperty("source").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "#load \"../scripts/common/sample.csx\"\n", "var x = 1;" }));
    }

    [Test]
    public void BadInputIsAClearError()
    {
        Assert.That(Assert.Throws<FormatException>(() => NotebookConverter.Parse("// only prose\n"))!.Message, Does.Contain("no `// %%` cell markers"));
        Assert.That(Assert.Throws<FormatException>(() => NotebookConverter.Parse("var x = 1;"))!.Message, Does.Contain("line 1 is code before the first `// %%` marker"));
        Assert.That(Assert.Throws<FormatException>(() => NotebookConverter.Parse("// %% [markdown]\nvar x = 1;"))!.Message,
            Does.Contain("a markdown cell holds only `//` lines"));
        Assert.That(Assert.Throws<FormatException>(() => NotebookConverter.Parse("// header\n#r \"x.dll\"\n// %%\nvar x = 1;"))!.Message,
            Does.Contain("line 2 is code before the first `// %%` marker"));
        Assert.That(NotebookConverter.Parse("// %%\nvar s = \"\"\"\n  ends with spaces  \n\"\"\";")[0].Source, Does.Contain("  ends with spaces  \n"),
            "code lines are kept as written (a raw string's trailing spaces matter)");
    }

    [TestCase("scripts", "*.csx", "notebooks", "csharp")]
    [TestCase("scripts/fsharp", "*.fsx", "notebooks/fsharp", "fsharp")]
    public void CommittedNotebooksAreFreshConversions(string scriptFolder, string pattern, string notebookFolder, string language)
    {
        var scripts = Directory.GetFiles(RepoPaths.Under(scriptFolder.Split('/')), pattern)
            .Where(f => char.IsAsciiDigit(Path.GetFileName(f)[0])).Order(StringComparer.Ordinal).ToList();
        Assert.That(scripts, Has.Count.EqualTo(13));
        foreach (var script in scripts)
        {
            var notebook = RepoPaths.Under([.. notebookFolder.Split('/'), Path.GetFileNameWithoutExtension(script) + ".ipynb"]);
            Assert.That(File.ReadAllText(script), Does.Contain("// %%"), $"{script} is in the percent format");
            Assert.That(File.Exists(notebook) && File.ReadAllText(notebook).Contains($"\"language\": \"{language}\""), Is.True,
                $"{notebook} is missing or not for the {language} kernel: run ./chapter.sh --notebooks");
            Assert.That(File.Exists(notebook), Is.True, $"{notebook} is missing: run ./chapter.sh --notebooks");
            Assert.That(File.ReadAllText(notebook), Is.EqualTo(NotebookConverter.Render(script, notebook)),
                $"{Path.GetFileName(notebook)} differs from a fresh conversion of its script: run ./chapter.sh --notebooks");
        }
    }
}
