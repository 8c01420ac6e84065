"""Which class a classifier answers: the one its own `predict` picks.

The service answers a class and the probabilities of all classes. For most classifiers the
class `predict` picks is the most probable one, and the argmax of the probabilities already
computed costs nothing. For some it is not: `SVC(probability=True)` and `NuSVC` predict from
the decision function (one-vs-one votes), while `predict_proba` comes from Platt scaling fitted
separately by cross-validation, and the two disagree on rows near a boundary (1 of 120 Iris
training flowers in tests/notebooks/corpus/ordinary_svc_probability_seaborn_csv). Threshold
classifiers (FixedThresholdClassifier, TunedThresholdClassifierCV) and SGDClassifier's
modified_huber loss (clipped probabilities that tie) do the same by design. The notebook's
answer is `predict`'s, so for those the class comes from `predict` and the probabilities stay
`predict_proba`'s.

Which is which is decided by the estimator's exact class, named by its public name and looked
up without importing anything (numpy_proba.public_name): a class listed in ARGMAX computes
`predict` as the argmax of `predict_proba`, or of a decision function that `predict_proba`
maps monotonically row by row (softmax, the logistic function, normalisation). Wrappers are
followed to the estimator that decides (a Pipeline's last step, a search's best_estimator_,
a stack's final_estimator_). Anything else, a third-party classifier included, answers
`predict`'s class: correct whatever it does, at the price of a second model call.
"""
from typing import Callable, Optional

import numpy as np

from .numpy_proba import PIPELINE, SEARCHES, public_name

#: Classifiers whose predict is the argmax of their predict_proba (first of equal maxima), or
#: of a decision function their predict_proba maps monotonically (scikit-learn 1.9).
ARGMAX = (
    "sklearn.linear_model.LogisticRegression", "sklearn.linear_model.LogisticRegressionCV",
    "sklearn.discriminant_analysis.LinearDiscriminantAnalysis",
    "sklearn.discriminant_analysis.QuadraticDiscriminantAnalysis",
    "sklearn.naive_bayes.GaussianNB", "sklearn.naive_bayes.MultinomialNB", "sklearn.naive_bayes.BernoulliNB",
    "sklearn.naive_bayes.ComplementNB", "sklearn.naive_bayes.CategoricalNB",
    "sklearn.tree.DecisionTreeClassifier", "sklearn.tree.ExtraTreeClassifier",
    "sklearn.ensemble.RandomForestClassifier", "sklearn.ensemble.ExtraTreesClassifier",
    "sklearn.ensemble.GradientBoostingClassifier", "sklearn.ensemble.HistGradientBoostingClassifier",
    "sklearn.ensemble.AdaBoostClassifier", "sklearn.ensemble.BaggingClassifier",
    "sklearn.ensemble.VotingClassifier",  # predict_proba exists for voting="soft" only: the argmax of it
    "sklearn.neighbors.KNeighborsClassifier", "sklearn.neural_network.MLPClassifier",
    "sklearn.calibration.CalibratedClassifierCV",
)
#: Wrappers whose predict is that of the estimator they hold, by the attribute holding it.
DELEGATES = {**{name: "best_estimator_" for name in SEARCHES}, "sklearn.ensemble.StackingClassifier": "final_estimator_"}


def deciding_estimator(estimator):
    """The estimator whose predict is the answer: wrappers followed to the one that decides."""
    while True:
        if public_name(estimator, (PIPELINE,)):
            estimator = estimator.steps[-1][1]
            continue
        held = DELEGATES.get(public_name(estimator, DELEGATES))
        if held is None or getattr(estimator, held, None) is None:
            return estimator
        estimator = getattr(estimator, held)


def is_argmax(estimator, known=ARGMAX) -> bool:
    """Whether the estimator's predict is known (among `known`) to be the argmax of its predict_proba."""
    return public_name(deciding_estimator(estimator), known) is not None


def as_class_index(estimator, classes) -> Callable[[np.ndarray], np.ndarray]:
    """`f(predicted) -> positions in classes_` for what `estimator.predict` returns (classes_ is
    the order of model.json's class_names); raises ValueError for a prediction that is not one
    class of classes_."""
    classes = np.asarray(classes)
    order = np.argsort(classes, kind="stable")  # classes_ is sorted in scikit-learn; do not rely on it
    name = type(estimator).__name__

    def class_index(predicted) -> np.ndarray:
        predicted = np.asarray(predicted)
        if predicted.ndim != 1:
            raise ValueError(f"{name}.predict returned {predicted.shape[1:]} values per row, "
                             "not one class: a model fitted on a label matrix")
        columns = order[np.minimum(np.searchsorted(classes, predicted, sorter=order), len(classes) - 1)]
        if not np.array_equal(classes[columns], predicted):
            raise ValueError(f"{name}.predict returned a class not in classes_")
        return columns

    return class_index


def compile_decide(estimator, classes, known=ARGMAX) -> Optional[Callable[[np.ndarray], np.ndarray]]:
    """For a classifier whose predict is not known (among `known`) to be the argmax of
    predict_proba: the class index of encoded rows, from its predict; None when the argmax is its answer."""
    if is_argmax(estimator, known):
        return None
    class_index = as_class_index(estimator, classes)
    return lambda rows: class_index(estimator.predict(rows))
