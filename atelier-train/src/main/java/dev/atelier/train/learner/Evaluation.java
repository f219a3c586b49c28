package dev.atelier.train.learner;

/**
 * Loss and accuracy of the model on a dataset, in evaluation mode (batch norm uses running statistics).
 *
 * @param loss mean loss per image
 * @param accuracy fraction of images whose highest logit is their label
 * @param images number of images evaluated
 */
public record Evaluation(double loss, double accuracy, long images) {}
