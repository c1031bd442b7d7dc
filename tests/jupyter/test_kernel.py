"""The Jupyter conformance suite (jupyter_kernel_test) against `mnist-scripting kernel`, C# or (with
MNIST_SCRIPTING_LANGUAGE=fsharp) F# (`kernel --fsharp`).

The kernelspec must be installed where JUPYTER_PATH points, under MNIST_SCRIPTING_KERNEL (default mnist-scripting,
or mnist-scripting-fsharp for F#):
    mnist-scripting jupyter install --prefix /tmp/k && JUPYTER_PATH=/tmp/k/share/jupyter \
        /usr/bin/python3 -m unittest -v tests/jupyter/test_kernel.py
tests/Host/KernelTests.cs does exactly that with the built host.
"""
import os
import unittest

import jupyter_kernel_test


class CSharpSamples:
    kernel_name = "mnist-scripting"
    language_name = "csharp"
    file_extension = ".csx"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("oops");'

    completion_samples = [
        {"text": "Console.WriteLi", "matches": {"WriteLine"}},
        {"text": "Tensor.Zer", "matches": {"Zero", "Zeros", "ZerosLike"}},
    ]
    complete_code_samples = ["1+1", "var x = 3;", "if (true) { x = 4; }"]
    incomplete_code_samples = ["if (true) {", "var y = new[] {", "for (int i = 0; i < 3; i++)"]
    invalid_code_samples = ['var s = "abc', "int x = ;"]

    code_execute_result = [
        {"code": "1+1", "result": "2"},
        {"code": "Tensor.Of(1.0, 2.0) * 2", "result": "tensor([2., 4.])"},
        {"code": '"a" + "b"', "result": '"ab"'},
    ]
    code_display_data = [
        {"code": 'PlotFunction(x => x * x, "square");', "mime": "image/png"},
        {"code": "Display(Tensor.Of(3.0));", "mime": "text/plain"},
    ]
    code_inspect_sample = "Tensor.Linspace"
    code_generate_error = 'throw new InvalidOperationException("boom");'
    supported_history_operations = ("tail", "range")


class FSharpSamples:
    kernel_name = "mnist-scripting-fsharp"
    language_name = "fsharp"
    file_extension = ".fsx"

    code_hello_world = 'printfn "hello, world"'
    code_stderr = 'eprintfn "oops"'

    completion_samples = [
        {"text": "System.Console.WriteLi", "matches": {"WriteLine"}},
        {"text": "Tensor.requiresG", "matches": {"requiresGrad"}},
    ]
    complete_code_samples = ["1+1", "let x = 3", "let f x =\n    x + 1"]
    incomplete_code_samples = ["let f x =", "let y = [1; 2", "let s = (1, "]
    invalid_code_samples = ["let = 1", "let x = )"]

    code_execute_result = [
        {"code": "1+1", "result": "2"},
        {"code": "tensor [1.0; 2.0] * 2.0", "result": "tensor([2., 4.])"},
        {"code": '"a" + "b"', "result": '"ab"'},
    ]
    code_display_data = [
        {"code": 'plotFunction (fun x -> x * x) "x" "square"', "mime": "image/png"},
        {"code": "Prelude.Display(tensor 3.0)", "mime": "text/plain"},
    ]
    code_inspect_sample = "Tensor.linspace"
    code_generate_error = 'invalidOp "boom" |> ignore'
    supported_history_operations = ("tail", "range")


_samples = FSharpSamples if os.environ.get("MNIST_SCRIPTING_LANGUAGE") == "fsharp" else CSharpSamples


class MnistScriptingKernelTests(_samples, jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("MNIST_SCRIPTING_KERNEL", _samples.kernel_name)


if __name__ == "__main__":
    unittest.main()
