// Many image files to one stacked uint8 tensor, decoded in parallel on all cores (torch.stack([tensor(Image.open(o)) for o in files])).
namespace Mnist.Scripting.Data;

/// <summary>Loading folders and lists of images into one stacked tensor.</summary>
public static class Images
{
    static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp" };

    /// <summary>The image files of a folder (not recursive), in ordinal order like the book's <c>.ls().sorted()</c>.</summary>
    public static string[] ImageFiles(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Images.LoadFolder: '{folder}' is not a folder. Check the path or run Datasets.UntarData(...) first.");
        var files = Directory.EnumerateFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f))).ToArray();
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// Decodes one image into a uint8 tensor (<c>tensor(Image.open(path))</c>, also spelled <c>Tensor.Load(path)</c>):
    /// [H, W] for gray images, [H, W, 3] for colour; <see cref="ImageMode.Gray"/> converts colour to gray like PIL's
    /// convert('L'). Throws <see cref="ImageLoadException"/> naming the file and the reason.
    /// </summary>
    public static Tensor Load(string path, ImageMode mode = ImageMode.Auto)
    {
        var bytes = ImageDecoder.ReadFile(path);
        using var codec = ImageDecoder.Open(path, bytes, out var h);
        bool gray = ImageDecoder.IsGrayOut(h, mode);
        var data = new byte[h.Height * h.Width * (gray ? 1 : 3)];
        ImageDecoder.Decode(path, codec, h, data, gray);
        return gray ? Tensor.FromArray(data, h.Height, h.Width) : Tensor.FromArray(data, h.Height, h.Width, 3);
    }

    /// <summary>
    /// Every image of <paramref name="folder"/> (ordinal order) stacked into [N, H, W] uint8 (or [N, H, W, 3] in <see cref="ImageMode.Rgb"/>).
    /// With <paramref name="useCache"/> the stacked bytes are kept under <see cref="ImageCache.Folder"/> and reused until the folder changes.
    /// </summary>
    public static Tensor LoadFolder(string folder, bool useCache = true, ImageMode mode = ImageMode.Auto)
    {
        var files = ImageFiles(folder);
        var what = new Origin("Images.LoadFolder", folder, $"the {files.Length:N0} images of '{folder}'");
        if (!useCache) return Stack(files, mode, what);
        var key = ImageCache.Fingerprint(folder, files, mode);
        if (ImageCache.TryLoad(folder, key) is { } cached) return cached;
        var t = Stack(files, mode, what);
        ImageCache.Save(folder, key, t);
        return t;
    }

    /// <summary>
    /// Decodes <paramref name="files"/> in parallel into one [N, H, W] (or [N, H, W, 3]) uint8 tensor; all must share one size,
    /// and the stack must fit <see cref="ImageLimits.MaxStackBytes"/>.
    /// </summary>
    public static Tensor LoadStacked(IReadOnlyList<string> files, ImageMode mode = ImageMode.Auto)
    {
        if (files.Count == 0) throw new ArgumentException("Images.LoadStacked: no files to load (is the folder empty or the pattern wrong?)");
        return Stack(files, mode, new Origin("Images.LoadStacked", files[0], $"{files.Count:N0} images starting with '{files[0]}'"));
    }

    /// <summary>Who is stacking, for errors: the operation, the file or folder to name, and the images in words.</summary>
    readonly record struct Origin(string Op, string Name, string Images);

    // Scratch for decoding colour sources (RGBA, 4 bytes a pixel) that the parallel decoders may hold at once.
    const long ScratchBudget = 1L << 30;

    static Tensor Stack(IReadOnlyList<string> files, ImageMode mode, Origin what)
    {
        if (files.Count == 0) throw new ArgumentException($"{what.Op}: '{what.Name}' holds no {string.Join(", ", Extensions)} files");
        var first = ImageDecoder.ReadFile(files[0]);
        ImageDecoder.Header h0;
        using (var c = ImageDecoder.Open(files[0], first, out h0)) { }
        bool gray = ImageDecoder.IsGrayOut(h0, mode);
        int per = h0.Height * h0.Width * (gray ? 1 : 3);
        // Every image must have the first one's size, so the stack's size is known from one header, before any decoding.
        long total = (long)per * files.Count, limit = ImageLimits.MaxStackBytes;
        if (total > Math.Min(limit, Array.MaxLength))
            throw new ImageLoadException(what.Name, $"{what.Images} at {h0.Width}x{h0.Height}{(gray ? "" : "x3")} would stack into {total:N0} bytes, over " +
                (total > Array.MaxLength ? $"the {Array.MaxLength:N0} bytes one tensor can hold; load fewer files at a time"
                    : $"ImageLimits.MaxStackBytes = {limit:N0}; raise it (ImageLimits.MaxStackBytes or {ImageLimits.MaxStackBytesVariable}) or load fewer files"), what.Op);
        var data = new byte[total];
        long pixels = (long)h0.Height * h0.Width;
        var opts = new ParallelOptions { MaxDegreeOfParallelism = (int)Math.Clamp(ScratchBudget / (4 * pixels), 1, Environment.ProcessorCount) };
        try
        {
            Parallel.For(0, files.Count, opts, i =>
            {
                var f = files[i];
                var bytes = ImageDecoder.ReadFile(f);
                using var codec = ImageDecoder.Open(f, bytes, out var h);
                if (h.Height != h0.Height || h.Width != h0.Width)
                    throw new ImageLoadException(f, $"size {h.Width}x{h.Height} differs from {h0.Width}x{h0.Height} of '{files[0]}'; stack needs equal sizes (resize first)", what.Op);
                ImageDecoder.Decode(f, codec, h, data.AsSpan(i * per, per), gray); // i * per < total <= Array.MaxLength
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return gray ? Tensor.FromArray(data, files.Count, h0.Height, h0.Width) : Tensor.FromArray(data, files.Count, h0.Height, h0.Width, 3);
    }

    /// <summary>Overload for a PathList (the result of <c>.Ls().Sorted()</c>).</summary>
    public static Tensor LoadStacked(PathList files, ImageMode mode = ImageMode.Auto) => LoadStacked(files.Select(p => p.FullName).ToArray(), mode);
}
