{#- Every (r_score, f_score) cell of the 5 x 5 grid maps to exactly one named segment. -#}
with

scores as (
    {%- for score in range(1, 6) %}
    select {{ score }} as score
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

cells as (
    select
        r_scores.score as r_score,
        f_scores.score as f_score
    from scores as r_scores
    cross join scores as f_scores
),

matches as (
    select
        cells.r_score,
        cells.f_score,
        count(segments.rfm_segment) as segments_count
    from cells
    left join {{ ref('rfm_segments') }} as segments
        on
            cells.r_score between segments.r_score_min and segments.r_score_max
            and cells.f_score between segments.f_score_min and segments.f_score_max
    group by 1, 2
),

validation_errors as (
    select * from matches
    where segments_count != 1
)

select * from validation_errors
