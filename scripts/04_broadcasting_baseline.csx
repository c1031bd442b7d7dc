// Chapter 4, step 4 (book cells [83]-[99]): broadcasting, a distance to the mean digits, and the baseline's accuracy.
// %% [markdown]
// # Step 4: broadcasting and the baseline's accuracy
//
// Step 2 compared one image with the ideal digits; here we score the idea on the whole validation set. The trick
// is broadcasting: subtracting a [28, 28] mean from a [1010, 28, 28] stack treats the mean as if it were repeated
// for every image, without a loop and without copying it. The resulting accuracy is the number any trained model
// has to beat. It follows book cells [83]-[99].

// %%
var path = Datasets.UntarData(Urls.MnistSample);
var stackedThrees = Images.LoadStacked((path / "train" / "3").Ls().Sorted()).Float() / 255;
var stackedSevens = Images.LoadStacked((path / "train" / "7").Ls().Sorted()).Float() / 255;
var mean3 = stackedThrees.Mean(0);
var mean7 = stackedSevens.Mean(0);
var a3 = stackedThrees[1];

// %% [markdown]
// The validation images, stacked the same way: 1010 threes and 1028 sevens.

// %%
var valid3Tens = Images.LoadStacked((path / "valid" / "3").Ls()).Float() / 255;
var valid7Tens = Images.LoadStacked((path / "valid" / "7").Ls()).Float() / 255;
Show("valid3_shape", valid3Tens.Shape);
Show("valid7_shape", valid7Tens.Shape);

// %%
Tensor MnistDistance(Tensor a, Tensor b) => (a - b).Abs().Mean(-1, -2);
Show("distance_a3_mean3", MnistDistance(a3, mean3));

// %% [markdown]
// The same function, unchanged, on a whole stack at once: one distance per image.

// %%
// [1010,28,28] - [28,28]: mean3 is broadcast over every validation image, no copy made.
var valid3Dist = MnistDistance(valid3Tens, mean3);
Display((valid3Dist, valid3Dist.Shape));

// %%
Show("broadcast_add", Tensor.Of(1, 2, 3) + Tensor.Of(1));

// %%
Display((valid3Tens - mean3).Shape);

// %% [markdown]
// An image is a 3 when it is closer to the mean 3 than to the mean 7.

// %%
Tensor IsThree(Tensor x) => MnistDistance(x, mean3) < MnistDistance(x, mean7);
Display((IsThree(a3), IsThree(a3).Float()));

// %%
Display(IsThree(valid3Tens));

// %% [markdown]
// The baseline: the book gets 0.9168 on the 3s, 0.9854 on the 7s and 0.9511 overall (926 of 1010 and 1013 of
// 1028). Nothing random happens here, so the numbers should match exactly.

// %%
var accuracy3s = IsThree(valid3Tens).Float().Mean();
var accuracy7s = (1 - IsThree(valid7Tens).Float()).Mean();
Show("threes_right", IsThree(valid3Tens).Sum());
Show("sevens_right", IsThree(valid7Tens).LogicalNot().Sum());
Show("accuracy_3s", accuracy3s);
Show("accuracy_7s", accuracy7s);
Show("accuracy_mean", (accuracy3s + accuracy7s) / 2);
