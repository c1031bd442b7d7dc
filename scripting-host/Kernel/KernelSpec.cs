// `mnist-scripting jupyter install|uninstall`: the kernelspec folders Jupyter finds kernels by (kernel.json, two logos),
// one for C# cells and one for F# cells, both served by this program.
using System.Text.Json;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace Mnist.Scripting.Host.Kernel;

/// <summary>One kernel language: its kernelspec name (from the base name), how front ends list it, its notebook
/// metadata, the kernel's extra arguments and the logo's letters and colour.</summary>
public sealed record KernelLanguage(string Suffix, string DisplayName, string Language, string FileExtension,
    string[] KernelArguments, string LogoText, SKColor LogoColor)
{
    /// <summary>The kernelspec name for a base name: mnist-scripting, mnist-scripting-fsharp.</summary>
    public string Name(string baseName) => baseName + Suffix;

    /// <summary>language_info as a notebook stores it (keys in the order Jupyter writes them) and, with the language's
    /// version, as kernel_info_reply sends it.</summary>
    public JsonObject LanguageInfo(string? version = null)
    {
        var info = new JsonObject
        {
            ["codemirror_mode"] = Language,
            ["file_extension"] = FileExtension,
            ["mimetype"] = "text/x-" + Language,
            ["name"] = Language,
            ["pygments_lexer"] = Language,
        };
        if (version is not null) info["version"] = version;
        return info;
    }
}

/// <summary>Writes and removes this program's kernelspecs.</summary>
public static class KernelSpec
{
    /// <summary>The C# kernelspec's default folder name (jupyter console --kernel mnist-scripting).</summary>
    public const string DefaultName = "mnist-scripting";

    /// <summary>C# cells (Roslyn scripting).</summary>
    public static readonly KernelLanguage CSharp = new("", "C# (Mnist.Scripting)", "csharp", ".csx", [], "C#", new SKColor(0x68, 0x21, 0x7A));

    /// <summary>F# cells (F# Interactive).</summary>
    public static readonly KernelLanguage FSharp = new("-fsharp", "F# (Mnist.Scripting)", "fsharp", ".fsx", ["--fsharp"], "F#", new SKColor(0x37, 0x8B, 0xBA));

    /// <summary>Both, in the order `jupyter install` writes them.</summary>
    public static readonly KernelLanguage[] Languages = [CSharp, FSharp];

    /// <summary>The folder for a kernel called <paramref name="name"/>: PREFIX/share/jupyter/kernels/NAME with a prefix,
    /// else the user's Jupyter data folder ($JUPYTER_DATA_DIR, or ~/.local/share/jupyter).</summary>
    public static string Folder(string name, string? prefix)
    {
        var data = prefix is not null ? Path.Combine(Path.GetFullPath(prefix), "share", "jupyter")
            : Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter");
        return Path.Combine(data, "kernels", name);
    }

    /// <summary>How Jupyter starts this program: the executable itself, or `dotnet mnist-scripting.dll` when run that way.</summary>
    public static string[] Command()
    {
        var process = Environment.ProcessPath ?? "mnist-scripting";
        var dll = typeof(KernelSpec).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, dll] : [process];
    }

    /// <summary>Writes kernel.json and the logos for <paramref name="language"/>; returns the folder.</summary>
    public static string Install(KernelLanguage language, string name, string? prefix)
    {
        var folder = Folder(name, prefix);
        Directory.CreateDirectory(folder);
        var argv = Command().Append("kernel").Concat(language.KernelArguments).Append("{connection_file}");
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray([.. argv.Select(a => (JsonNode?)JsonValue.Create(a))]),
            ["display_name"] = language.DisplayName,
            ["language"] = language.Language,
            ["interrupt_mode"] = "message",
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
        File.WriteAllText(Path.Combine(folder, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        foreach (var size in new[] { 32, 64 }) WriteLogo(Path.Combine(folder, $"logo-{size}x{size}.png"), size, language);
        return folder;
    }

    /// <summary>Removes the kernelspec folder; false when there was none.</summary>
    public static bool Uninstall(string name, string? prefix)
    {
        var folder = Folder(name, prefix);
        if (!Directory.Exists(folder)) return false;
        Directory.Delete(folder, recursive: true);
        return true;
    }

    // A rounded square with "C#" or "F#" in white (the letters are skipped if no font can draw them).
    static void WriteLogo(string path, int size, KernelLanguage language)
    {
        using var bitmap = new SKBitmap(size, size);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var fill = new SKPaint { Color = language.LogoColor, IsAntialias = true };
            canvas.DrawRoundRect(new SKRect(0, 0, size, size), size / 6f, size / 6f, fill);
            using var font = new SKFont(SKTypeface.Default, size * 0.5f) { Embolden = true };
            using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
            canvas.DrawText(language.LogoText, size / 2f, size * 0.68f, SKTextAlign.Center, font, ink);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
