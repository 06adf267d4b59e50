package org.consilium.review;

public enum OpinionStatus {
    DRAFT,
    SIGNED
}
