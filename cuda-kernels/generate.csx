// Writes cuda-kernels/elementwise.inc from the op table (core/Backends/OpTable.cs), for elementwise.cu to include.
// Run it with the scripting host after changing a row, then cuda-kernels/build.sh for the PTX:
//   dotnet scripting-host/bin/Release/net10.0/mnist-scripting.dll run cuda-kernels/generate.csx
using System.Runtime.CompilerServices;
using Mnist.Scripting.Cuda;

static string ThisFile([CallerFilePath] string path = "") => path;
var target = Path.Combine(Path.GetDirectoryName(ThisFile())!, ElementwiseSource.FileName);
File.WriteAllText(target, ElementwiseSource.Text());
Console.WriteLine($"wrote {target}");
