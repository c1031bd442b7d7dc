// Chapter 4, step 1 (book cells [11]-[26]): download MNIST_SAMPLE, list it, open one 3 and look at its pixels.
var path = Datasets.UntarData(Urls.MnistSample);   // path = untar_data(URLs.MNIST_SAMPLE)
DataPath.BasePath = path;                          // Path.BASE_PATH = path: print paths relative to the data
Console.WriteLine(path.Ls());
Console.WriteLine((path / "train").Ls());

// Sorted as Python sorts strings (ordinal), so threes[1] is train/3/10000.png as in the book.
var threes = (path / "train" / "3").Ls().Sorted();
var sevens = (path / "train" / "7").Ls().Sorted();
Console.WriteLine(threes);

var im3Path = threes[1];
var im3 = Tensor.Load(im3Path);                     // tensor(Image.open(im3_path))
ShowImage(im3, "im3");
Console.WriteLine(im3[4..10, 4..10]);

// The book's pandas heat map of im3_t[4:15, 4:22]: numbers over grey cells.
ShowHeatmap(im3[4..15, 4..22], "im3_t[4:15,4:22]");

Report("threes_count", threes.Count);
Report("sevens_count", sevens.Count);
Report("threes_1", im3Path.RelativeTo(path));
Report("pixels_4_10", im3[4..10, 4..10]);
