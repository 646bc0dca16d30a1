# Writes extra ROC cases (data.csv, job.json, expected.json) in the layout of
# tests/reference/, with expected values from R and pROC 1.18.0, for
#   REPRO_ROC_REFERENCE_DIR=DIR cargo test -p repro-roc --test reference
# Usage: Rscript proc_cases.R DIR   (needs the R packages pROC and jsonlite;
# on Debian: apt-get install r-cran-proc r-cran-jsonlite).
# NOTE: jsonlite writes 15 significant digits, enough for the 1e-9 comparison.
args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "roc-extra"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
suppressMessages(library(pROC))
library(jsonlite)
num <- function(x) { if (is.null(x) || length(x)==0 || is.na(x)) return(NA); if (is.infinite(x)) return(ifelse(x>0,"Inf","-Inf")); x }
mkcase <- function(name, df, outcome, positive, predictors, direction) {
  dir.create(file.path(out_dir, name), showWarnings=FALSE)
  out <- df; for (cn in names(out)) if (is.numeric(out[[cn]])) out[[cn]] <- ifelse(is.na(out[[cn]]), NA, sprintf("%.17g", out[[cn]]))
  write.csv(out, file.path(out_dir, name, "data.csv"), row.names=FALSE, na="", quote=FALSE)
  job <- list(kind="roc", data="data.csv", outcome=outcome, positive=positive, predictors=I(predictors), direction=direction)
  writeLines(toJSON(job, auto_unbox=TRUE, digits=NA), file.path(out_dir, name, "job.json"))
  keep <- complete.cases(df[, c(outcome, predictors)])
  d <- df[keep,]
  y <- ifelse(as.character(d[[outcome]]) == positive, 1, 0)
  curves <- list(); rocs <- list()
  for (p in predictors) {
    dd <- if (is.list(direction)) (if (is.null(direction[[p]])) "auto" else direction[[p]]) else direction
    pd <- c(higher="<", lower=">", auto="auto")[[dd]]
    r <- roc(y, d[[p]], levels=c(0,1), direction=pd, quiet=TRUE)
    rocs[[p]] <- r
    v <- tryCatch(var(r, method="delong"), error=function(e) NA)
    ci <- tryCatch(as.numeric(ci.auc(r, method="delong")), error=function(e) c(NA,NA,NA))
    b <- coords(r, "best", best.method="youden", ret=c("threshold","sensitivity","specificity"), transpose=FALSE)
    rows <- lapply(seq_len(nrow(b)), function(i) list(threshold=num(b$threshold[i]), sensitivity=b$sensitivity[i], specificity=b$specificity[i]))
    a <- coords(r, "all", ret=c("threshold","sensitivity","specificity","tp","tn"), transpose=FALSE)
    np <- length(r$cases); nn <- length(r$controls)
    key <- round(a$tp)*nn + round(a$tn)*np
    ex <- a[key == max(key),]
    erows <- lapply(seq_len(nrow(ex)), function(i) list(threshold=num(ex$threshold[i]), sensitivity=ex$sensitivity[i], specificity=ex$specificity[i]))
    curves[[length(curves)+1]] <- list(predictor=p, direction=ifelse(r$direction=="<","higher","lower"), auc=as.numeric(r$auc),
      se=num(sqrt(v)), ci_lower=num(ci[1]), ci_upper=num(ci[3]), youden=rows[[1]], youden_all=rows, youden_all_exact=erows)
  }
  comps <- list()
  if (length(predictors) > 1) for (i in 1:(length(predictors)-1)) for (j in (i+1):length(predictors)) {
    a <- predictors[i]; bb <- predictors[j]
    t <- tryCatch(suppressWarnings(roc.test(rocs[[a]], rocs[[bb]], method="delong", paired=TRUE)), error=function(e) NULL)
    comps[[length(comps)+1]] <- list(a=a, b=bb, auc_difference=as.numeric(rocs[[a]]$auc)-as.numeric(rocs[[bb]]$auc),
      z=num(if (is.null(t)) NA else as.numeric(t$statistic)), p=num(if (is.null(t)) NA else t$p.value),
      ci_lower=num(if (is.null(t) || is.null(t$conf.int)) NA else t$conf.int[1]), ci_upper=num(if (is.null(t)|| is.null(t$conf.int)) NA else t$conf.int[2]))
  }
  ex <- list(n_positive=sum(y==1), n_negative=sum(y==0), n_dropped=sum(!keep), curves=curves, comparisons=comps)
  writeLines(toJSON(ex, auto_unbox=TRUE, digits=NA, na="null", null="null", pretty=TRUE), file.path(out_dir, name, "expected.json"))
}
set.seed(1)
# perfect separation, two perfect markers
mkcase("roc_perfect_separation", data.frame(y=rep(c("a","b"),each=6), p=c(1:6, 11:16), q=c(1:6,21:26)), "y", "b", c("p","q"), "higher")
# last-bit ties, both directions
x1 <- 1; x2 <- 1 + .Machine$double.eps
mkcase("roc_last_bit", data.frame(y=c(0,1,0,1,0,1), s=c(x1,x2,x1,x2,0.5,2), t=c(x2,x1,x2,x1,3,0)), "y", "1", c("s","t"), list(s="higher", t="lower"))
# large random with ties, auto
n <- 5000; yy <- rbinom(n,1,0.3)
mkcase("roc_large_ties", data.frame(y=yy, a=round(rnorm(n, yy*0.5),1), b=round(rnorm(n, -yy*0.3),1), c=sample(1:5, n, TRUE)), "y", "1", c("a","b","c"), "auto")
# one case
mkcase("roc_one_case", data.frame(y=c("n","n","n","p"), a=c(1,2,3,2.5), b=c(3,1,2,0)), "y", "p", c("a","b"), "auto")
# constant marker
mkcase("roc_constant", data.frame(y=c(0,0,1,1,1), a=c(2,2,2,2,2), b=c(1,2,3,4,5)), "y", "1", c("a","b"), "auto")
# auto equal medians
mkcase("roc_equal_medians", data.frame(y=c(0,0,0,1,1,1), a=c(1,5,9,4,5,6)), "y", "1", c("a"), "auto")
# lower with heavy ties
yy <- rbinom(300,1,0.4)
mkcase("roc_lower_ties", data.frame(y=yy, a=sample(1:7,300,TRUE) - 2*yy, b=round(runif(300)*3 + yy, 1)), "y", "1", c("a","b"), list(a="lower", b="higher"))
set.seed(20261204)
for (i in 1:40) {
  n <- sample(c(5, 8, 12, 30, 100, 400, 2000), 1)
  yy <- rbinom(n, 1, runif(1, 0.1, 0.6)); if (sum(yy)==0) yy[1] <- 1; if (sum(yy)==n) yy[1] <- 0
  k <- sample(1:3, 1)
  df <- data.frame(y=ifelse(yy==1, "pos", "neg"))
  preds <- c(); dirs <- list()
  for (j in 1:k) {
    kind <- sample(1:4, 1)
    x <- switch(kind, round(rnorm(n, yy*runif(1,-1,1)), 1), sample(1:5, n, TRUE) + yy*sample(-1:1,1),
                rnorm(n, yy), round(runif(n)*10 + yy*runif(1,-3,3)) / 10)
    nm <- paste0("m", j); df[[nm]] <- x; preds <- c(preds, nm)
    dirs[[nm]] <- sample(c("higher","lower","auto"), 1)
  }
  if (runif(1) < 0.3) { miss <- sample(n, max(1, n %/% 10)); df[[preds[1]]][miss] <- NA }
  mkcase(sprintf("roc_random_%02d", i), df, "y", "pos", preds, dirs)
}
