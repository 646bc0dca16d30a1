# The analyses of `repro run` on the TACE study (SYNTHETIC cohort, 95 rows), written as
# a plain R script for the benchmark, so that the two whole runs can be timed side by side.
#
# Usage: Rscript bench/study.R COHORT_CSV BOOTSTRAP_REPLICATES
#
# It computes what data/tace-ctp/study.toml asks for, with R 4.2 `stats` and pROC 1.18:
#   - Table 1: t.test (pooled variance) for mean ± SD, wilcox.test for median [IQR],
#     chisq.test without continuity correction for the categorical variables;
#   - Table 2: paired t.test and wilcox.test (exact when R chooses it, continuity
#     correction) of post versus pre for each of the six parameters in each group;
#   - Table 3: roc, ci.auc (DeLong) and the Youden cut-off for the six post-TACE markers
#     with their declared directions and for the model's linear predictor, roc.test
#     (DeLong, paired) for the 15 marker pairs and the model against each marker;
#   - Table 4: glm on the six markers (Wald CIs), the likelihood-ratio test of the model
#     against each one-marker model, the Hosmer-Lemeshow test (10 groups by quantiles of
#     the fitted risk), the apparent calibration intercept, slope and Brier score;
#   - Harrell's optimism bootstrap of the AUC and the calibration slope, refitting glm
#     on each of BOOTSTRAP_REPLICATES resamples (set.seed(1); R's own generator, so the
#     resamples differ from repro's ChaCha20 ones).
# It prints the main numbers on stdout and writes no files (repro writes its tables as
# Markdown and CSV, and results.json). A bootstrap replicate is skipped only when glm does
# not converge, while repro also skips separated resamples, so the counts of successful
# replicates differ slightly.

suppressPackageStartupMessages(library(pROC))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript bench/study.R COHORT_CSV BOOTSTRAP_REPLICATES")
replicates <- as.integer(args[[2]])

start <- proc.time()[["elapsed"]]
data <- read.csv(args[[1]], na.strings = "")
positive <- data$group == "residual"
y <- as.integer(positive)

# Table 1
for (column in c("age", "tumour_diameter_cm")) {
  test <- t.test(data[[column]][positive], data[[column]][!positive], var.equal = TRUE)
  cat(sprintf("table1 %s t %.6f p %.6g\n", column, test$statistic, test$p.value))
}
test <- wilcox.test(data$tace_sessions[positive], data$tace_sessions[!positive], correct = TRUE, exact = NULL)
cat(sprintf("table1 tace_sessions W %.1f p %.6g\n", test$statistic, test$p.value))
for (column in c("sex", "child_pugh")) {
  test <- suppressWarnings(chisq.test(table(data$group, data[[column]]), correct = FALSE))
  cat(sprintf("table1 %s chisq %.6f p %.6g\n", column, test$statistic, test$p.value))
}

# Table 2
parameters <- c("BV", "BV_emb", "HAP", "PVP", "HPI", "TTP")
for (group in c("complete_remission", "residual")) {
  rows <- data$group == group
  for (parameter in parameters) {
    pre <- data[[paste0(parameter, "_pre")]][rows]
    post <- data[[paste0(parameter, "_post")]][rows]
    t_test <- t.test(post, pre, paired = TRUE)
    w_test <- suppressWarnings(wilcox.test(post, pre, paired = TRUE, correct = TRUE))
    cat(sprintf("paired %s %s t %.6f p %.6g V %.1f p %.6g\n", group, parameter,
                t_test$statistic, t_test$p.value, w_test$statistic, w_test$p.value))
  }
}

# Table 4: the model (its linear predictor enters Table 3)
markers <- paste0(parameters, "_post")
directions <- c(BV = "<", BV_emb = "<", HAP = "<", PVP = ">", HPI = "<", TTP = ">")
model_data <- data.frame(y = y, data[markers])
formula <- as.formula(paste("y ~", paste(markers, collapse = " + ")))
model <- glm(formula, family = binomial, data = model_data)
wald <- confint.default(model)
lp <- predict(model, type = "link")
fitted_risk <- fitted(model)
for (marker in markers) {
  single <- glm(as.formula(paste("y ~", marker)), family = binomial, data = model_data)
  lr <- anova(single, model, test = "Chisq")
  cat(sprintf("nested %s chisq %.6f p %.6g\n", marker, lr$Deviance[[2]], lr$`Pr(>Chi)`[[2]]))
}
breaks <- unique(quantile(fitted_risk, probs = seq(0, 1, 0.1)))
groups <- cut(fitted_risk, breaks = breaks, include.lowest = TRUE)
observed <- tapply(y, groups, sum)
expected <- tapply(fitted_risk, groups, sum)
counts <- tapply(y, groups, length)
hl <- sum((observed - expected)^2 / expected + ((counts - observed) - (counts - expected))^2 / (counts - expected))
hl_df <- length(counts) - 2
calibration <- coef(glm(y ~ lp, family = binomial))
brier <- mean((fitted_risk - y)^2)
cat(sprintf("model deviance %.6f HL %.6f p %.6g slope %.6f brier %.6f\n",
            deviance(model), hl, pchisq(hl, hl_df, lower.tail = FALSE), calibration[[2]], brier))

# Table 3
curves <- list()
for (parameter in parameters) {
  curves[[parameter]] <- roc(y, data[[paste0(parameter, "_post")]], levels = c(0, 1),
                             direction = directions[[parameter]], quiet = TRUE)
}
curves[["Model"]] <- roc(y, lp, levels = c(0, 1), direction = "<", quiet = TRUE)
for (name in names(curves)) {
  ci <- ci.auc(curves[[name]], method = "delong")
  best <- coords(curves[[name]], "best", best.method = "youden", transpose = FALSE)
  cat(sprintf("roc %s auc %.6f ci %.6f %.6f cutoff %.6g\n", name, ci[[2]], ci[[1]], ci[[3]], best$threshold[[1]]))
}
pairs <- c(combn(parameters, 2, simplify = FALSE), lapply(parameters, function(p) c("Model", p)))
for (pair in pairs) {
  # pROC warns when the directions differ (repro notes it in the table), so the
  # warning is silenced to keep the output short.
  test <- suppressWarnings(roc.test(curves[[pair[[1]]]], curves[[pair[[2]]]], method = "delong", paired = TRUE))
  cat(sprintf("delong %s %s z %.6f p %.6g\n", pair[[1]], pair[[2]], test$statistic, test$p.value))
}

# Harrell's optimism bootstrap
set.seed(1)
n <- nrow(model_data)
optimism_auc <- numeric(0)
optimism_slope <- numeric(0)
for (replicate in seq_len(replicates)) {
  rows <- sample.int(n, n, replace = TRUE)
  resample <- model_data[rows, ]
  if (length(unique(resample$y)) < 2) next
  fit <- suppressWarnings(glm(formula, family = binomial, data = resample))
  if (!fit$converged || anyNA(coef(fit))) next
  lp_train <- predict(fit, type = "link")
  lp_test <- predict(fit, newdata = model_data, type = "link")
  auc_train <- as.numeric(auc(resample$y, lp_train, levels = c(0, 1), direction = "<", quiet = TRUE))
  auc_test <- as.numeric(auc(y, lp_test, levels = c(0, 1), direction = "<", quiet = TRUE))
  slope_test <- coef(glm(y ~ lp_test, family = binomial))[[2]]
  optimism_auc <- c(optimism_auc, auc_train - auc_test)
  optimism_slope <- c(optimism_slope, 1 - slope_test)
}
apparent_auc <- as.numeric(auc(curves[["Model"]]))
cat(sprintf("bootstrap successful %d apparent %.6f corrected AUC %.6f corrected slope %.6f\n",
            length(optimism_auc), apparent_auc, apparent_auc - mean(optimism_auc), 1 - mean(optimism_slope)))

cat(sprintf("phase compute %.3f\n", proc.time()[["elapsed"]] - start), file = stderr())
