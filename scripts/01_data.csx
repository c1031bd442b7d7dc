// Chapter 4, step 1 (book cells [11]-[26]): download MNIST_SAMPLE, list it, open one 3 and look at its pixels.
// %% [markdown]
// # Step 1: the data
//
// Before any model, we look at what we are going to classify. This step fetches MNIST_SAMPLE, a small archive
// holding only handwritten 3s and 7s, lists its folders, and opens one 3 to show that an image is nothing more
// than a 28x28 grid of numbers between 0 (white) and 255 (black). It follows book cells [11]-[26].

// %%
var path = Datasets.UntarData(Urls.MnistSample);   // path = untar_data(URLs.MNIST_SAMPLE)
DataPath.BasePath = path;                          // Path.BASE_PATH = path: print paths relative to the data
Display(path.Ls());

// %%
Display((path / "train").Ls());

// %% [markdown]
// One folder per digit. The file lists are sorted the way the book sorts them, so that item 1 is the same image
// in both: `train/3/10000.png`.

// %%
// Sorted as Python sorts strings (ordinal), so threes[1] is train/3/10000.png as in the book.
var threes = (path / "train" / "3").Ls().Sorted();
var sevens = (path / "train" / "7").Ls().Sorted();
Display(threes);
Show("threes_count", threes.Count);
Show("sevens_count", sevens.Count);

// %%
var im3Path = threes[1];
Show("threes_1", im3Path.RelativeTo(path));

// %%
var im3 = Tensor.Load(im3Path);                     // tensor(Image.open(im3_path))
ShowImage(im3, "im3");

// %% [markdown]
// The same image as numbers: the top-left corner of the stroke. The book's slice ends with the row
// `0, 3, 20, 20, 15, 0`, a quick check that the PNG decoder reads the pixels right.

// %%
Show("pixels_4_10", im3[4..10, 4..10]);

// %%
// The book's pandas heat map of im3_t[4:15, 4:22]: numbers over grey cells.
ShowHeatmap(im3[4..15, 4..22], "im3_t[4:15,4:22]");
