// In F# Interactive (`dotnet fsi`), tensors, sizes and modules echo as PyTorch prints them without the user registering
// printers: when this assembly loads into a process where F# Interactive's settings assembly is already loaded, it adds
// fsi printers by reflection (no reference to F# from the engine). Everywhere else it does nothing. The F# kernel, which
// hosts F# Interactive itself, hands its own settings object to AddTo.
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Mnist.Scripting;

/// <summary>The printers F# Interactive shows our values with: PyTorch's text for a Size, a Tensor and a Module.</summary>
public static class FsiPrinters
{
    // A library module initializer on purpose: no call of ours runs before fsi first shows one of our values.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        try
        {
            var settings = AppDomain.CurrentDomain.GetAssemblies()
                .FirstOrDefault(a => a.GetName().Name == "FSharp.Compiler.Interactive.Settings");
            if (settings?.GetType("FSharp.Compiler.Interactive.Settings")?.GetProperty("fsi")?.GetValue(null) is { } fsi) AddTo(fsi);
        }
        // Best effort: a changed F# Interactive leaves fsi's own printing, never a failing load of the engine.
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or ArgumentException or IOException or BadImageFormatException) { }
    }

    /// <summary>Adds the printers to an F# Interactive settings object (the `fsi` value, or FSharp.Compiler.Service's
    /// Shell.Settings.fsi): <c>fsi.AddPrinter&lt;T&gt;(FSharpFunc&lt;T, string&gt;.FromConverter(print))</c> for each,
    /// through reflection. Returns false, adding nothing, when the object has no AddPrinter.</summary>
    public static bool AddTo(object fsi)
    {
        ArgumentNullException.ThrowIfNull(fsi);
        var funcType = fsi.GetType().Assembly.GetReferencedAssemblies().Where(n => n.Name == "FSharp.Core")
            .Select(n => Assembly.Load(n).GetType("Microsoft.FSharp.Core.FSharpFunc`2")).FirstOrDefault();
        var add = fsi.GetType().GetMethod("AddPrinter");
        if (funcType is null || add is null) return false;
        Add(fsi, add, funcType, (Size s) => s.ToString());
        Add(fsi, add, funcType, (Tensor t) => t.ToString());
        Add(fsi, add, funcType, (NN.Module m) => m.ToString() ?? "");
        return true;
    }

    // fsi.AddPrinter<T>(FSharpFunc<T, string>.FromConverter(print))
    static void Add<T>(object fsi, MethodInfo add, Type funcType, Converter<T, string> print)
    {
        var func = funcType.MakeGenericType(typeof(T), typeof(string)).GetMethod("FromConverter")!.Invoke(null, [print]);
        add.MakeGenericMethod(typeof(T)).Invoke(fsi, [func]);
    }
}
