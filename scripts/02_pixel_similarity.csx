// Chapter 4, step 2 (book cells [33]-[56]): stack every 3 and 7, the "ideal" mean digits, and two distances.
// %% [markdown]
// # Step 2: pixel similarity
//
// A first baseline that learns nothing: average all the 3s into one "ideal" 3, do the same for the 7s, and call
// an image whichever ideal digit it is closer to. To get there we stack every training image into one rank-3
// tensor and measure distance in two ways, mean absolute difference (L1) and root mean squared error (RMSE).
// It follows book cells [33]-[56].

// %%
var path = Datasets.UntarData(Urls.MnistSample);
var threes = (path / "train" / "3").Ls().Sorted();
var sevens = (path / "train" / "7").Ls().Sorted();

// %%
// three_tensors = [tensor(Image.open(o)) for o in threes]; torch.stack(...).float()/255, decoded on all cores.
var stackedThrees = Images.LoadStacked(threes).Float() / 255;
var stackedSevens = Images.LoadStacked(sevens).Float() / 255;
Display((threes.Count, sevens.Count));

// %%
ShowImage(stackedThrees[1], "three_tensors[1]");

// %% [markdown]
// One tensor of shape [6131, 28, 28]: its rank (the number of axes) is 3.

// %%
Show("stacked_threes_shape", stackedThrees.Shape);

// %%
Display(stackedThrees.Shape.Count);     // len(stacked_threes.shape): the rank
Display(stackedThrees.NDim);

// %% [markdown]
// The ideal digits: the mean over the first axis, one 28x28 image each. They come out blurry where people
// write differently and dark where they agree.

// %%
var mean3 = stackedThrees.Mean(0);
ShowImage(mean3, "mean3");

// %%
var mean7 = stackedSevens.Mean(0);
ShowImage(mean7, "mean7");

// %%
var a3 = stackedThrees[1];
ShowImage(a3, "a_3");

// %% [markdown]
// How far is this 3 from each ideal digit? The book gets (0.1114, 0.2021) against the mean 3 and
// (0.1586, 0.3021) against the mean 7: closer to the 3 by both measures.

// %%
var dist3Abs = (a3 - mean3).Abs().Mean();
var dist3Sqr = (a3 - mean3).Pow(2).Mean().Sqrt();
Show("dist3_l1", dist3Abs);
Show("dist3_rmse", dist3Sqr);

// %%
var dist7Abs = (a3 - mean7).Abs().Mean();
var dist7Sqr = (a3 - mean7).Pow(2).Mean().Sqrt();
Show("dist7_l1", dist7Abs);
Show("dist7_rmse", dist7Sqr);

// %%
Show("f_l1_loss", F.L1Loss(a3.Float(), mean7));
Show("f_mse_loss_sqrt", F.MseLoss(a3, mean7).Sqrt());
