// Chapter 4, step 3 (book cells [65]-[79]): a tensor from nested data, indexing, and type promotion.
var tns = Tensor.Of(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });   // tns = tensor(data)
Console.WriteLine(tns);
Console.WriteLine(tns[1]);          // tns[1]
Console.WriteLine(tns[.., 1]);      // tns[:,1]
Console.WriteLine(tns[1, 1..3]);    // tns[1,1:3]
Console.WriteLine(tns + 1);
Console.WriteLine(tns.Type());
Console.WriteLine(tns * 1.5);       // an int tensor times a float is float, printed with 4 decimals

// The questionnaire's exercise: a 3x3 tensor of 1..9, doubled, then its bottom-right four numbers.
var nine = Tensor.Arange(1, 10).View(3, 3) * 2;
Console.WriteLine(nine[1.., 1..]);

Report("tns", tns);
Report("tns_1", tns[1]);
Report("tns_col_1", tns[.., 1]);
Report("tns_1_1_3", tns[1, 1..3]);
Report("tns_plus_1", tns + 1);
Report("tns_type", tns.Type());
Report("tns_times_1_5", tns * 1.5);
