# Times pROC on a benchmark CSV written by bench/generate.py, doing the work of
# `repro roc --direction higher`: for each marker roc(), ci.auc(method = "delong") and the
# Youden cut-off (coords "best"), then roc.test(method = "delong", paired = TRUE) for
# every pair of markers.
#
# Usage: Rscript bench/proc.R FILE N_MARKERS
#
# Prints the AUCs and P values on stdout (to check that the tools agree) and the
# seconds spent reading and computing on stderr as `phase read SECONDS` and
# `phase compute SECONDS`.

suppressPackageStartupMessages(library(pROC))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript bench/proc.R FILE N_MARKERS")
file <- args[[1]]
n_markers <- as.integer(args[[2]])
markers <- paste0("m", seq_len(n_markers))

start <- proc.time()[["elapsed"]]
data <- read.csv(file)
read_done <- proc.time()[["elapsed"]]

curves <- list()
for (marker in markers) {
  # direction "<": controls below cases, as `repro roc --direction higher`.
  curve <- roc(data$y, data[[marker]], levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(curve, method = "delong")
  best <- coords(curve, "best", best.method = "youden", transpose = FALSE)
  cat(sprintf("%s auc %.15g ci %.15g %.15g youden %.15g\n",
              marker, ci[[2]], ci[[1]], ci[[3]], best$threshold[[1]]))
  curves[[marker]] <- curve
}
if (n_markers >= 2) {
  for (pair in combn(markers, 2, simplify = FALSE)) {
    test <- roc.test(curves[[pair[[1]]]], curves[[pair[[2]]]], method = "delong", paired = TRUE)
    cat(sprintf("%s-%s z %.15g p %.15g\n", pair[[1]], pair[[2]], test$statistic, test$p.value))
  }
}
done <- proc.time()[["elapsed"]]

cat(sprintf("phase read %.3f\nphase compute %.3f\n", read_done - start, done - read_done), file = stderr())
