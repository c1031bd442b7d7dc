// Chapter 4, step 2 (book cells [33]-[56]): stack every 3 and 7, the "ideal" mean digits, and two distances.
var path = Datasets.UntarData(Urls.MnistSample);
var threes = (path / "train" / "3").Ls().Sorted();
var sevens = (path / "train" / "7").Ls().Sorted();

// three_tensors = [tensor(Image.open(o)) for o in threes]; torch.stack(...).float()/255, decoded on all cores.
var stackedThrees = Images.LoadStacked(threes).Float() / 255;
var stackedSevens = Images.LoadStacked(sevens).Float() / 255;
Console.WriteLine((threes.Count, sevens.Count));
ShowImage(stackedThrees[1], "three_tensors[1]");
Console.WriteLine(stackedThrees.Shape);
Console.WriteLine(stackedThrees.Shape.Count);     // len(stacked_threes.shape): the rank
Console.WriteLine(stackedThrees.NDim);

var mean3 = stackedThrees.Mean(0);
ShowImage(mean3, "mean3");
var mean7 = stackedSevens.Mean(0);
ShowImage(mean7, "mean7");
var a3 = stackedThrees[1];
ShowImage(a3, "a_3");

var dist3Abs = (a3 - mean3).Abs().Mean();
var dist3Sqr = (a3 - mean3).Pow(2).Mean().Sqrt();
Console.WriteLine((dist3Abs, dist3Sqr));
var dist7Abs = (a3 - mean7).Abs().Mean();
var dist7Sqr = (a3 - mean7).Pow(2).Mean().Sqrt();
Console.WriteLine((dist7Abs, dist7Sqr));
Console.WriteLine((F.L1Loss(a3.Float(), mean7), F.MseLoss(a3, mean7).Sqrt()));

Report("stacked_threes_shape", stackedThrees.Shape.ToString());
Report("dist3_l1", dist3Abs);
Report("dist3_rmse", dist3Sqr);
Report("dist7_l1", dist7Abs);
Report("dist7_rmse", dist7Sqr);
Report("f_l1_loss", F.L1Loss(a3.Float(), mean7));
Report("f_mse_loss_sqrt", F.MseLoss(a3, mean7).Sqrt());
