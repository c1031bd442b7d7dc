// Chapter 4, step 3 (book cells [65]-[79]): a tensor from nested data, indexing, and type promotion.
// %% [markdown]
// # Step 3: arrays and tensors
//
// A short tour of the tensor itself, on a 2x3 table of small integers: how it prints, how to pick a row, a
// column or part of a row, and what happens to the element type when an integer tensor meets a float. These are
// the operations every later step is built from. It follows book cells [65]-[79].

// %%
var tns = Tensor.Of(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });   // tns = tensor(data)
Show("tns", tns);

// %% [markdown]
// Indexing: a row, a column, and a slice of a row.

// %%
Show("tns_1", tns[1]);             // tns[1]
Show("tns_col_1", tns[.., 1]);     // tns[:,1]
Show("tns_1_1_3", tns[1, 1..3]);   // tns[1,1:3]

// %% [markdown]
// Arithmetic works on every element at once; an integer tensor stays integer (`torch.LongTensor`) until it is
// multiplied by a float.

// %%
Show("tns_plus_1", tns + 1);

// %%
Show("tns_type", tns.Type());

// %%
Show("tns_times_1_5", tns * 1.5);   // an int tensor times a float is float, printed with 4 decimals

// %%
// The questionnaire's exercise: a 3x3 tensor of 1..9, doubled, then its bottom-right four numbers.
var nine = Tensor.Arange(1, 10).View(3, 3) * 2;
Display(nine[1.., 1..]);
